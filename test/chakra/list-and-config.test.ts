import t from 'tap';
import { request, startServer } from '../helper.js';
import { AUTH, ChakraClient, JOHN_ID, JOHN_V1, TEAM_ID, TOKEN, assertListItem, expectedIso } from './support.js';

t.test('v1 List Users: every user in creation order, 25 fields, no phones/emails/reportees', async (t) => {
  const { url } = await startServer(t, { users: 20 });
  const response = await request(`${url}/v1/ext/users`, { headers: AUTH });
  t.equal(response.status, 200);
  t.match(response.headers.get('content-type'), /^application\/json/);
  t.same(Object.keys(response.json), ['_data'], 'no _meta: no pagination');
  const list = response.json._data;
  t.equal(list.length, 21, 'the docs user and 20 generated people, deleted ones included');
  t.equal(list[0].id, JOHN_ID, 'creation order: the docs fixture first');
  const { phones, emails, reportees, ...johnItem } = JOHN_V1;
  t.strictSame(list[0], johnItem, 'John as a list item');
  list.forEach((item: unknown, index: number) => assertListItem(t, item, 1, `item ${index}`));
  t.ok(list.some((item: { isDeleted: boolean }) => item.isDeleted), 'soft-deleted users are listed');
  t.ok(list.some((item: { isActive: boolean; isDeleted: boolean }) => !item.isActive && !item.isDeleted), 'deactivated users are listed');
});

t.test('v2 List Users: the same users, humanized as Fetch User v2', async (t) => {
  const { url } = await startServer(t);
  const client = new ChakraClient(url, TOKEN);
  const { _data: v1 } = await client.get('/v1/ext/users');
  const { _data: v2 } = await client.get('/v2/ext/users?skip=0&limit=1');
  const { _data: config } = await client.get('/v1/ext/config');
  const roleNames = new Map(config.roles.map((role: { id: string; shortId: string }) => [role.id, role.shortId]));
  t.equal(v2.length, v1.length, 'unknown query parameters ignored, no pagination');
  v2.forEach((item: any, index: number) => {
    assertListItem(t, item, 2, `v2 item ${index}`);
    const old = v1[index];
    t.equal(item.id, old.id, 'same order');
    t.equal(item.createdAt, expectedIso(old.createdAt, old.timezone));
    t.equal(item.updatedAt, expectedIso(old.updatedAt, old.timezone));
    t.equal(item.team, 'paisapay');
    t.equal(item.role, roleNames.get(old.role));
    t.equal(item.primaryEmail, old.primaryEmail.email);
  });
});

t.test('Fetch Config: team and roles resolve every user\'s v1 UUIDs to the v2 names', async (t) => {
  const { url } = await startServer(t, { users: 30 });
  const client = new ChakraClient(url, TOKEN);
  const response = await request(`${url}/v1/ext/config`, { headers: AUTH });
  t.equal(response.status, 200);
  const config = response.json._data;
  t.same(Object.keys(config).sort(), [
    'attributeConfig', 'attributeGroups', 'attributeTypes', 'attributes', 'derivedAttributes', 'entities', 'formActionButtons',
    'formFields', 'forms', 'pods', 'procedures', 'roles', 'skillTypes', 'stateTasks', 'taskTypes', 'team', 'userProfiles',
  ], 'the 17 documented config keys');
  t.strictSame(config.team, { id: TEAM_ID, shortId: 'paisapay', name: 'PaisaPay' });
  for (const role of config.roles) t.same(Object.keys(role), ['id', 'shortId', 'name'], `role ${role.shortId}: only id, shortId, name`);
  t.ok(config.roles.some((role: { id: string; shortId: string }) => role.id === JOHN_V1.role && role.shortId === 'inside_sales'));
  for (const key of Object.keys(config).filter((name) => name !== 'team' && name !== 'roles')) t.strictSame(config[key], [], `${key} is empty`);

  const roleIds = new Set(config.roles.map((role: { id: string }) => role.id));
  const { _data: users } = await client.get('/v1/ext/users');
  const usedRoles = new Set<string>();
  for (const user of users) {
    t.equal(user.team, config.team.id, `${user.username}: the config's team`);
    t.ok(roleIds.has(user.role), `${user.username}: a config role`);
    usedRoles.add(user.role);
  }
  t.ok(usedRoles.size >= 3, 'seeded users hold several roles');
});

t.test('reportees are the ids of real seeded users, each reporting to one manager', async (t) => {
  const { url } = await startServer(t, { users: 40 });
  const client = new ChakraClient(url, TOKEN);
  const { _data: list } = await client.get('/v1/ext/users');
  const ids = new Set(list.map((user: { id: string }) => user.id));
  const seen = new Set<string>();
  let managers = 0;
  for (const { id } of list) {
    const { _data: user } = await client.get(`/v1/ext/user/${id}`);
    if (user.reportees.length > 0) managers++;
    for (const reportee of user.reportees) {
      t.ok(ids.has(reportee), 'a seeded user');
      t.not(reportee, id, 'not oneself');
      t.notOk(seen.has(reportee), 'one manager each');
      seen.add(reportee);
    }
  }
  t.ok(managers >= 2, 'several managers');
  t.ok(seen.size >= 20, 'most people report to someone');
});

t.test('GET /v1/health answers {"_data":{}} without a token by default', async (t) => {
  const { url } = await startServer(t);
  for (const headers of [{}, AUTH, { authorization: 'Bearer wrong' }]) {
    const response = await request(`${url}/v1/health`, { headers });
    t.equal(response.status, 200);
    t.match(response.headers.get('content-type'), /^application\/json/);
    t.strictSame(response.json, { _data: {} });
  }
});

t.test('CHAKRA_HEALTH_REQUIRES_TOKEN=true makes health a credential test', async (t) => {
  const { url } = await startServer(t, { settings: { CHAKRA_HEALTH_REQUIRES_TOKEN: 'true' } });
  t.strictSame((await request(`${url}/v1/health`, { headers: AUTH })).json, { _data: {} });
  const refused = await request(`${url}/v1/health`);
  t.equal(refused.status, 401);
  t.strictSame(refused.json, { _errors: ['Unauthorized'] });
});

t.test('the OpenAPI document lists every route with bearer security and its error statuses', async (t) => {
  const { url } = await startServer(t);
  const doc = (await request(`${url}/docs/openapi/chakra.json`)).json;
  t.same(doc.components.securitySchemes.bearerAuth, { type: 'http', scheme: 'bearer', description: doc.components.securitySchemes.bearerAuth.description });
  const expected: Record<string, string[]> = {
    '/v1/ext/user/{userId}': ['get', 'put', 'patch'],
    '/v2/ext/user/{userId}': ['get'],
    '/v1/ext/users': ['get'],
    '/v2/ext/users': ['get'],
    '/v1/ext/config': ['get'],
    '/v1/health': ['get'],
  };
  for (const [path, methods] of Object.entries(expected)) {
    for (const method of methods) {
      const operation = doc.paths[path]?.[method];
      t.ok(operation, `${method} ${path} documented`);
      if (!operation) continue;
      t.ok(operation.summary && operation.tags?.length, `${method} ${path} has summary and tags`);
      t.ok(operation.responses['200'], `${method} ${path}: 200`);
      if (path !== '/v1/health') {
        t.same(operation.security, [{ bearerAuth: [] }]);
        t.ok(operation.responses['401'], `${method} ${path}: 401`);
      }
    }
  }
  t.ok(doc.paths['/v1/ext/user/{userId}'].put.responses['400'], 'update documents 400');
  t.ok(doc.paths['/v1/ext/user/{userId}'].get.responses['404'], 'fetch documents 404');
});
