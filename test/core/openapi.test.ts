import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { buildApp } from '../../src/app.js';
import { exportDocuments } from '../../src/core/openapi-export.js';
import { request, startServer } from '../helper.js';

t.test('openapi/ holds exactly what the routes generate (run `npm run openapi` after changing a schema)', async (t) => {
  const app = await buildApp({ users: 0 });
  t.teardown(() => app.close());
  for (const [name, text] of await exportDocuments(app)) {
    const file = new URL(`../../openapi/${name}.json`, import.meta.url);
    t.ok(existsSync(file), `openapi/${name}.json exists`);
    if (existsSync(file)) t.equal(readFileSync(file, 'utf8'), text, `openapi/${name}.json is in sync`);
  }
});

t.test('each platform document has its own paths at the root and its prefix as servers', async (t) => {
  const { url } = await startServer(t);
  const zulip = (await request(`${url}/docs/openapi/zulip.json`)).json;
  t.equal(zulip.info.title, 'Zulip 12.0 (feature level 511)', 'the title names the release emulated');
  t.same(zulip.servers.map((server: { url: string }) => server.url), ['/', '/zulip']);
  t.ok(zulip.paths['/api/v1/users/{user_id_or_email}'].get, 'get-user is documented at its real path');
  t.ok(zulip.paths['/api/v1/users/{user_id_or_email}'].get.responses['401'], 'errors are documented');
  t.ok(zulip.components.securitySchemes.basicAuth);
  t.notOk(Object.keys(zulip.paths).some((path) => path.startsWith('/__mock')), 'no control routes in a platform document');
  const control = (await request(`${url}/docs/openapi/mock.json`)).json;
  t.ok(control.paths['/__mock/credentials']);
  const missing = await request(`${url}/docs/openapi/nothing.json`);
  t.equal(missing.status, 404);
});

t.test('Swagger UI at /docs offers a switcher between the documents', async (t) => {
  const { url } = await startServer(t);
  const page = await request(`${url}/docs/`);
  t.equal(page.status, 200);
  t.match(page.headers.get('content-type'), /text\/html/);
  const initializer = await request(`${url}/docs/static/swagger-initializer.js`);
  t.match(initializer.text, /\/docs\/openapi\/zulip\.json/);
  t.match(initializer.text, /\/docs\/openapi\/mock\.json/);
  // Swagger UI is loaded on the first visit: its other routes answer too, over the main app's document.
  const bare = await request(`${url}/docs`);
  t.equal(bare.status, 200, '/docs without the slash');
  t.match(bare.headers.get('content-type'), /text\/html/);
  const whole = await request(`${url}/docs/json`);
  t.equal(whole.status, 200);
  t.ok(whole.json.paths['/zulip/api/v1/users/{user_id_or_email}'], 'the whole document, every platform under its prefix');
  t.equal((await request(`${url}/docs/static/no-such-file.js`)).status, 404);
});
