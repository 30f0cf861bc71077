import t from 'tap';
import { ControllableClock } from '../../src/core/clock.js';
import { SettingError, Settings } from '../../src/core/settings.js';
import { chakra } from '../../src/platforms/chakra/index.js';
import { readChakraSettings } from '../../src/platforms/chakra/settings.js';
import { utcOffsetOf } from '../../src/platforms/chakra/seed.js';
import { isoInOffset } from '../../src/platforms/chakra/wire.js';
import { seedContext } from '../../src/seeding/context.js';
import { generatePeople } from '../../src/seeding/people.js';
import { seedMore } from '../../src/seeding/seed.js';
import { Store } from '../../src/store/store.js';
import { request, startServer } from '../helper.js';
import { AUTH, JOHN_ID, JOHN_V1, TEAM_ID, TOKEN, UNKNOWN_USER_ID, assertUserV1 } from './support.js';

/** The clock reading the control API passes when it writes a user. */
const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);
const SETTINGS = readChakraSettings(new Settings({}));

t.test('settings: defaults, overrides, and a SettingError naming each bad value', async (t) => {
  const defaults = readChakraSettings(new Settings({}));
  t.match(defaults, {
    token: TOKEN, unauthorizedStatus: 401, unknownUserStatus: 404, malformedUserIdStatus: 404, invalidBodyStatus: 400,
    updateResponse: 'user', unknownUpdateFields: 'ignore', v2TimestampZone: 'user', healthRequiresToken: false,
  });
  t.same([...defaults.tokens], [TOKEN]);
  const bad: Array<Record<string, string>> = [
    { CHAKRA_TOKEN: 'has space' },
    { CHAKRA_TOKEN: 'a,b' },
    { CHAKRA_TOKENS: 'good,bad token' },
    { CHAKRA_UNAUTHORIZED_STATUS: '500' },
    { CHAKRA_UNKNOWN_USER_STATUS: '200' },
    { CHAKRA_MALFORMED_USER_ID_STATUS: 'x' },
    { CHAKRA_INVALID_BODY_STATUS: '401' },
    { CHAKRA_UPDATE_RESPONSE: 'full' },
    { CHAKRA_UPDATE_UNKNOWN_FIELDS: 'warn' },
    { CHAKRA_V2_TIMESTAMP_ZONE: 'team' },
    { CHAKRA_HEALTH_REQUIRES_TOKEN: 'maybe' },
  ];
  for (const source of bad) {
    const [name] = Object.keys(source);
    let thrown: unknown;
    try {
      readChakraSettings(new Settings(source));
    } catch (error) {
      thrown = error;
    }
    t.ok(thrown instanceof SettingError && thrown.setting === name, `${name}=${source[name]} is refused`);
  }
});

t.test('v2 timestamps: ISO with milliseconds in ±HH:MM, never Z', async (t) => {
  t.equal(isoInOffset(1631817298100, '+0530'), '2021-09-17T00:04:58.100+05:30');
  t.equal(isoInOffset(1631817298100, '-0930'), '2021-09-16T09:04:58.100-09:30');
  t.equal(isoInOffset(1631817298100, '+0000'), '2021-09-16T18:34:58.100+00:00');
  t.equal(isoInOffset(1631817298100, ''), '2021-09-16T18:34:58.100+00:00', 'an unset offset is UTC');
  t.equal(isoInOffset(0, '-1200'), '1969-12-31T12:00:00.000-12:00');
});

t.test('a person keeps their zone as an offset at the reference date', async (t) => {
  const january = new Date('2025-01-01T00:00:00Z');
  t.equal(utcOffsetOf('Asia/Kolkata', january), '+0530');
  t.equal(utcOffsetOf('America/New_York', january), '-0500');
  t.equal(utcOffsetOf('UTC', january), '+0000');
  t.equal(utcOffsetOf('Not/AZone', january), '+0000');
});

t.test('seeding is deterministic, and the same people as on other platforms', async (t) => {
  const first = await startServer(t, { seed: 7, users: 15 });
  const second = await startServer(t, { seed: 7, users: 15 });
  const other = await startServer(t, { seed: 8, users: 15 });
  const list = async (url: string) => (await request(`${url}/v1/ext/users`, { headers: AUTH })).text;
  t.equal(await list(first.url), await list(second.url), 'same seed, same users');
  t.not(await list(first.url), await list(other.url), 'another seed, other users');
  const people = generatePeople(7, 15);
  const users = JSON.parse(await list(first.url))._data.slice(1);
  users.forEach((user: any, index: number) => {
    t.equal(user.primaryEmail.email, people[index].email);
    t.equal(user.firstName, people[index].firstName);
    t.equal(user.createdAt, people[index].joinedAt);
    t.equal(user.timezone, utcOffsetOf(people[index].timezone, new Date('2025-01-01T00:00:00Z')));
  });
});

t.test('incremental seeding adds people without the fixtures, with fresh ids', async (t) => {
  const { app, url } = await startServer(t, { users: 5 });
  const added = seedMore(app.mock.store, [chakra], () => readChakraSettings(new Settings({})), 5);
  t.equal(added, 5);
  const list = (await request(`${url}/v1/ext/users`, { headers: AUTH })).json._data;
  t.equal(list.length, 11);
  t.equal(list.filter((user: { id: string }) => user.id === JOHN_ID).length, 1, 'John once');
  t.equal(new Set(list.map((user: { id: string }) => user.id)).size, 11, 'ids unique');
  t.ok(list.every((user: { team: string }) => user.team === TEAM_ID));
});

t.test('seedChakra into a fresh store writes the config and users', async (t) => {
  const store = new Store();
  t.teardown(() => store.close());
  const people = generatePeople(42, 3);
  chakra.seed(seedContext(store, 42, 'chakra', people, false), readChakraSettings(new Settings({})));
  t.equal(chakra.users.count(store), 4);
  t.strictSame(chakra.users.get(store, JOHN_ID), JOHN_V1);
});

t.test('control-API users: native v1 shape, every wrong field listed, rejected writes change nothing', async (t) => {
  const { app, url } = await startServer(t, { users: 3 });
  const store = app.mock.store;
  const users = chakra.users;
  t.equal(users.count(store), 4);
  t.equal(users.list(store, { offset: 0, limit: 2 }).length, 2);
  t.strictSame(users.get(store, JOHN_ID), JOHN_V1);
  t.equal(users.get(store, UNKNOWN_USER_ID), undefined);

  const rejected = users.put(store, undefined, { firstName: 1, timezone: '+5', team: 'other', role: 'x', primaryPhone: {}, reportees: [UNKNOWN_USER_ID], nick: 'x' }, NOW, SETTINGS);
  t.notOk(rejected.ok);
  if (!rejected.ok) {
    t.same(rejected.errors.map((error) => error.field).sort(), ['firstName', 'nick', 'primaryPhone', 'reportees', 'role', 'team', 'timezone', 'username'].sort());
  }
  t.equal(users.count(store), 4, 'nothing created');
  t.match(users.put(store, 'NOT-A-UUID', {}, NOW, SETTINGS), { ok: false, errors: [{ field: 'id' }] });
  t.match(users.put(store, undefined, [], NOW, SETTINGS), { ok: false, errors: [{ field: '(body)' }] });

  const created = users.put(store, undefined, { username: 'ann', firstName: 'Ann', emails: [{ email: 'Ann@Example.com' }], reportees: [JOHN_ID] }, NOW, SETTINGS);
  t.ok(created.ok);
  if (!created.ok) return;
  t.ok(created.created);
  const response = await request(`${url}/v1/ext/user/${created.id}`, { headers: AUTH });
  t.equal(response.status, 200, 'served by the API');
  assertUserV1(t, response.json._data, 'created');
  t.equal(response.json._data.primaryEmail.normalizedEmail, 'ann@example.com');
  t.same(response.json._data.reportees, [JOHN_ID]);

  const replaced = users.put(store, created.id, { lastName: 'Lee' }, NOW, SETTINGS);
  t.match(replaced, { ok: true, created: false, user: { firstName: 'Ann', lastName: 'Lee' } });
  t.match(users.put(store, created.id, { id: JOHN_ID }, NOW, SETTINGS), { ok: false, errors: [{ field: 'id', message: 'must match the id in the path' }] });

  t.ok(users.delete(store, JOHN_ID));
  t.notOk(users.delete(store, JOHN_ID));
  t.same((users.get(store, created.id) as { reportees: string[] }).reportees, [], 'a deleted user leaves every reportees list');
  t.equal((await request(`${url}/v1/ext/user/${JOHN_ID}`, { headers: AUTH })).status, 404);
});

t.test('the control API creates a Chakra user that the Chakra API then serves', async (t) => {
  const clock = new ControllableClock();
  clock.freeze(Date.UTC(2025, 0, 1));
  const { url } = await startServer(t, { users: 2, clock });
  const created = await request(`${url}/__mock/platforms/chakra/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'zed', firstName: 'Zed', timezone: '+0100', emails: [{ email: 'zed@example.com' }] }),
  });
  t.equal(created.status, 201);
  const listed = (await request(`${url}/__mock/platforms/chakra/users?limit=10`)).json;
  const zed = listed.users.find((user: { username: string }) => user.username === 'zed');
  t.ok(zed, 'listed in native v1 shape');
  const v2 = await request(`${url}/v2/ext/user/${zed.id}`, { headers: AUTH });
  t.equal(v2.status, 200);
  t.equal(v2.json._data.primaryEmail, 'zed@example.com');
  t.equal(v2.json._data.createdAt, '2025-01-01T01:00:00.000+01:00');
  const refused = await request(`${url}/__mock/platforms/chakra/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ firstName: 'NoUsername', role: 'nope' }),
  });
  t.equal(refused.status, 400);
});
