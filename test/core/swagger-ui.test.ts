/**
 * Swagger UI's Try it out, as a person uses it: each document at its default server, Authorize with
 * the platform's well-known credential (GET /__mock/credentials), the pre-filled examples, Execute.
 * The browser part drives Debian's Chromium through playwright-core and skips only where it is absent.
 */
import t from 'tap';
import { existsSync } from 'node:fs';
import type { OpenAPIV3 } from 'openapi-types';
import { basicAuth, request, startServer } from '../helper.js';

const CHROMIUM = '/usr/bin/chromium';
const ADMIN_TOKEN = 'swagger-ui-admin-token';

type Credentials = Record<string, Record<string, string>>;

interface DocumentCase {
  name: string;
  title: string;
  /** The get-user operation Try it out runs. */
  path: string;
  /** What Authorize gets, by security scheme: one value, or username and password. */
  authorize(credentials: Credentials): Record<string, string | { username: string; password: string }>;
  /** The same credential as HTTP headers, for the requests this file sends itself. */
  headers(credentials: Credentials): Record<string, string>;
  /** Text the Authorize dialog must show as it is (not eaten as HTML). */
  authorizeShows?: string;
}

const CASES: readonly DocumentCase[] = [
  {
    name: 'zulip',
    title: 'Zulip 12.0 (feature level 511)',
    path: '/api/v1/users/{user_id_or_email}',
    authorize: (c) => ({ basicAuth: { username: c.zulip!.email!, password: c.zulip!.api_key! } }),
    headers: (c) => ({ authorization: basicAuth(c.zulip!.email!, c.zulip!.api_key!) }),
  },
  {
    name: 'sendbird',
    title: 'Sendbird',
    path: '/v3/users/{user_id}',
    authorize: (c) => ({ apiToken: c.sendbird!.api_token! }),
    headers: (c) => ({ 'api-token': c.sendbird!.api_token! }),
  },
  {
    name: 'openwebui',
    title: 'Open WebUI 0.11.0',
    path: '/api/v1/users/{user_id}',
    authorize: (c) => ({ bearerAuth: c.openwebui!.token! }),
    headers: (c) => ({ authorization: `Bearer ${c.openwebui!.token!}` }),
  },
  {
    name: 'chakra',
    title: 'ChakraHQ',
    path: '/v1/ext/user/{userId}',
    authorize: (c) => ({ bearerAuth: c.chakra!.token! }),
    headers: (c) => ({ authorization: `Bearer ${c.chakra!.token!}` }),
  },
  {
    name: 'nandbox',
    title: 'nandbox',
    path: '/api/methods/getUser',
    authorize: (c) => ({ nandboxToken: c.nandbox!.token! }),
    headers: () => ({}),
    authorizeShows: '"token":"<botId>:<appId or 0>:<secret>"',
  },
  {
    name: 'mock',
    title: 'chat-user-mock control API',
    path: '/__mock/platforms/{platform}/users/{id}',
    authorize: () => ({ adminToken: ADMIN_TOKEN }),
    headers: () => ({ authorization: `Bearer ${ADMIN_TOKEN}` }),
  },
];

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

function operations(doc: OpenAPIV3.Document) {
  const found: Array<{ method: string; path: string; operation: OpenAPIV3.OperationObject }> = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const operation = item?.[method];
      if (operation) found.push({ method, path, operation });
    }
  }
  return found;
}

function parameterExample(parameter: OpenAPIV3.ParameterObject): unknown {
  return parameter.example ?? (parameter.schema as OpenAPIV3.SchemaObject | undefined)?.example;
}

/** The URL Swagger UI builds from the default server and the pre-filled examples. */
function exampleUrl(base: string, doc: OpenAPIV3.Document, path: string, operation: OpenAPIV3.OperationObject): string {
  const parameters = (operation.parameters ?? []) as OpenAPIV3.ParameterObject[];
  let filled = path;
  const query = new URLSearchParams();
  for (const parameter of parameters) {
    const example = parameterExample(parameter);
    if (example === undefined) continue;
    if (parameter.in === 'path') filled = filled.replace(`{${parameter.name}}`, encodeURIComponent(String(example)));
    if (parameter.in === 'query') query.set(parameter.name, String(example));
  }
  const server = doc.servers![0]!.url.replace(/\/$/, '');
  return `${base}${server}${filled}${query.size ? `?${query}` : ''}`;
}

function okExample(operation: OpenAPIV3.OperationObject): unknown {
  const ok = operation.responses['200'] as OpenAPIV3.ResponseObject | undefined;
  return (ok?.content?.['application/json']?.schema as OpenAPIV3.SchemaObject | undefined)?.example;
}

t.test('every document: examples for each required parameter, a default server that serves every operation', async (t) => {
  const { url } = await startServer(t, { settings: { MOCK_ADMIN_TOKEN: ADMIN_TOKEN } });
  const credentials = (await request(`${url}/__mock/credentials`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json as Credentials;
  for (const documentCase of CASES) {
    const doc = (await request(`${url}/docs/openapi/${documentCase.name}.json`)).json as OpenAPIV3.Document;
    const schemes = Object.keys(doc.components?.securitySchemes ?? {});
    for (const scheme of Object.keys(documentCase.authorize(credentials))) t.ok(schemes.includes(scheme), `${documentCase.name}: Authorize offers ${scheme}`);
    for (const [scheme, definition] of Object.entries(doc.components?.securitySchemes ?? {})) {
      t.not((definition as OpenAPIV3.ApiKeySecurityScheme).in, 'cookie', `${documentCase.name}.${scheme}: a browser cannot send a Cookie header`);
      t.ok((definition as { description?: string }).description, `${documentCase.name}.${scheme}: says what to fill in`);
    }
    for (const { method, path, operation } of operations(doc)) {
      const label = `${documentCase.name}: ${method.toUpperCase()} ${path}`;
      for (const parameter of (operation.parameters ?? []) as OpenAPIV3.ParameterObject[]) {
        if ((parameter.in === 'path' || parameter.in === 'query') && parameter.required) {
          t.not(parameterExample(parameter), undefined, `${label}: ${parameter.in} parameter ${parameter.name} has an example`);
        }
      }
      // Only reads are sent: a write would change the data the other operations' examples show.
      if (method !== 'get') continue;
      const anonymous = await request(exampleUrl(url, doc, path, operation));
      if (/^basic/i.test(anonymous.headers.get('www-authenticate') ?? '')) {
        // A Basic challenge makes a browser pop a login box: only a document whose own scheme is Basic may send one.
        t.ok(schemes.some((scheme) => (doc.components!.securitySchemes![scheme] as { scheme?: string }).scheme === 'basic'), `${label}: no other platform's Basic challenge without a credential`);
      }
      const response = await request(exampleUrl(url, doc, path, operation), { headers: documentCase.headers(credentials) });
      t.not(response.status, 404, `${label} is served at the default server ${doc.servers![0]!.url}`);
      t.ok(response.status < 500, `${label}: ${response.status}`);
      const example = okExample(operation);
      if (example !== undefined) {
        t.equal(response.status, 200, `${label}: the examples answer 200`);
        t.same(response.json, example, `${label}: the 200 example is the body the mock serves`);
      }
    }
    const getUser = doc.paths[documentCase.path]?.get;
    t.ok(getUser && okExample(getUser) !== undefined, `${documentCase.name}: get-user shows an example body`);
  }
});

const noChromium = existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`;

t.test('Swagger UI in Chromium: Try it out on get-user answers 200 with the example user, for every document', { skip: noChromium }, async (t) => {
  const { chromium } = await import('playwright-core');
  const { url } = await startServer(t, { settings: { MOCK_ADMIN_TOKEN: ADMIN_TOKEN } });
  const credentials = (await request(`${url}/__mock/credentials`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json as Credentials;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  t.teardown(() => browser.close());

  for (const documentCase of CASES) {
    await t.test(documentCase.title, async (t) => {
      const doc = (await request(`${url}/docs/openapi/${documentCase.name}.json`)).json as OpenAPIV3.Document;
      const expected = okExample(doc.paths[documentCase.path]!.get!);
      // A fresh context per document: no credential or cookie carries over from the last one.
      const context = await browser.newContext();
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      const basicChallenges: string[] = [];
      const answers: Array<{ url: string; status: number; body: Promise<string> }> = [];
      page.on('response', (response) => {
        const challenge = response.headers()['www-authenticate'];
        if (response.status() === 401 && challenge?.toLowerCase().startsWith('basic')) basicChallenges.push(response.url());
        if (!response.url().includes('/docs')) answers.push({ url: response.url(), status: response.status(), body: response.text() });
      });
      try {
        await page.goto(`${url}/docs`);
        await page.locator('.topbar select').selectOption({ label: documentCase.title });
        await page.locator('.information-container .title', { hasText: documentCase.title }).waitFor();

        await page.locator('button.authorize').first().click();
        if (documentCase.authorizeShows) t.match(await page.locator('.modal-ux').innerText(), documentCase.authorizeShows, 'the credential\'s form, as written');
        for (const [scheme, value] of Object.entries(documentCase.authorize(credentials))) {
          const container = page.locator('.modal-ux .auth-container').filter({ has: page.locator('h4', { hasText: scheme }) });
          if (typeof value === 'string') {
            await container.locator('input').first().fill(value);
          } else {
            await container.locator('input[type=text]').fill(value.username);
            await container.locator('input[type=password]').fill(value.password);
          }
          await container.locator('button.authorize').click();
          await container.locator('button', { hasText: 'Logout' }).waitFor();
        }
        await page.locator('.modal-ux button.btn-done').first().click();

        const operation = page.locator('.opblock-get').filter({ has: page.locator(`.opblock-summary-path[data-path="${documentCase.path}"]`) });
        await operation.locator('.opblock-summary-control').click();
        await operation.locator('button.try-out__btn').click();
        await operation.locator('button.execute').click();
        const status = operation.locator('.live-responses-table tr.response .response-col_status').first();
        await status.waitFor();
        t.equal((await status.innerText()).trim(), '200', 'the page shows 200');
        const shown = await operation.locator('.live-responses-table tr.response .response-col_description pre').first().innerText();
        t.same(JSON.parse(shown), expected, 'the page shows the example user');

        const answer = answers.find((candidate) => candidate.url.startsWith(`${url}${doc.servers![0]!.url.replace(/\/$/, '')}/`));
        t.ok(answer, 'the request went to the default server');
        if (answer) {
          t.equal(answer.status, 200);
          t.same(JSON.parse(await answer.body), expected, 'the body on the wire is the example body');
        }
        t.same(basicChallenges, [], 'no HTTP Basic challenge (a browser would pop a login box)');
        t.same(dialogs, [], 'no dialog');
      } catch (error) {
        await page.screenshot({ path: `/tmp/swagger-ui-${documentCase.name}.png`, fullPage: true }).catch(() => undefined);
        throw error;
      } finally {
        await context.close();
      }
    });
  }
});
