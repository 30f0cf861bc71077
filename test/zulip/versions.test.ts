/**
 * Every user-API difference between the Zulip releases emulated (docs/versions.md), through zulip-js
 * 2.1.0 as before (lib/resources/users.js retrieve, lib/index.js callEndpoint), under the default
 * (12.0), 11.0 and the oldest supported (10.0).
 */
import t from 'tap';
import zulipInit from 'zulip-js';
import { request, startServer } from '../helper.js';

const IAGO = { username: 'iago@zulip.com', apiKey: 'abcdefghijklmnopqrstuvwxyz123456' };

const RELEASES = [
  { version: '12.0', featureLevel: 511, settings: {} },
  { version: '11.0', featureLevel: 421, settings: { ZULIP_VERSION: '11' } },
  { version: '10.0', featureLevel: 371, settings: { ZULIP_VERSION: '10.0' } },
];

for (const release of RELEASES) {
  t.test(`Zulip ${release.version}`, async (t) => {
    t.test('credentials and the Swagger title name the release and its feature level', async (t) => {
      const { url } = await startServer(t, { platforms: ['zulip'], settings: release.settings });
      const named = `${release.version} (feature level ${release.featureLevel})`;
      t.equal((await request(`${url}/__mock/credentials`)).json.zulip.version, named);
      t.equal((await request(`${url}/docs/openapi/zulip.json`)).json.info.title, `Zulip ${named}`);
      // What the Python client's constructor reads (zulip/__init__.py, Client.__init__ -> get_server_settings).
      t.match((await request(`${url}/api/v1/server_settings`)).json, {
        zulip_version: release.version, zulip_merge_base: release.version, zulip_feature_level: release.featureLevel,
      });
    });

    t.test('user objects: is_imported_stub from feature level 433, is_deleted (only when true) from 490', async (t) => {
      const { url } = await startServer(t, { platforms: ['zulip'], settings: release.settings });
      const deleted = await request(`${url}/__mock/platforms/zulip/users/13`, {
        method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ is_active: false, is_deleted: true }),
      });
      t.equal(deleted.status, 200);
      const stub = await request(`${url}/__mock/platforms/zulip/users/12`, {
        method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ is_imported_stub: true }),
      });
      t.equal(stub.status, 200);
      const client = await zulipInit({ realm: url, ...IAGO });
      const hamlet = (await client.callEndpoint('/users/10', 'GET')).user;
      const prospero = (await client.callEndpoint('/users/12', 'GET')).user;
      const gone = (await client.callEndpoint('/users/13', 'GET')).user;
      const me = await client.users.me.getProfile();
      if (release.featureLevel >= 433) {
        t.equal(hamlet.is_imported_stub, false);
        t.equal(prospero.is_imported_stub, true);
        t.equal(me.is_imported_stub, false, '/users/me too');
      } else {
        t.notOk('is_imported_stub' in hamlet);
        t.notOk('is_imported_stub' in prospero);
        t.notOk('is_imported_stub' in me);
      }
      t.notOk('is_deleted' in hamlet, 'absent when false');
      if (release.featureLevel >= 490) t.same([gone.is_active, gone.is_deleted], [false, true]);
      else t.same([gone.is_active, 'is_deleted' in gone], [false, false]);
      const members = (await client.users.retrieve({})).members;
      t.equal(members.find((member: { user_id: number }) => member.user_id === 13).is_deleted, release.featureLevel >= 490 ? true : undefined);
    });

    t.test('get-users user_ids: a filter from feature level 384, ignored (and reported) before', async (t) => {
      const { url } = await startServer(t, { platforms: ['zulip'], settings: release.settings });
      const client = await zulipInit({ realm: url, ...IAGO });
      // zulip-js sends arrays comma-joined in a GET; Zulip wants JSON, so the caller encodes it.
      const response = await client.users.retrieve({ user_ids: JSON.stringify([10, 12]) });
      t.equal(response.result, 'success');
      if (release.featureLevel >= 384) {
        t.same(response.members.map((member: { user_id: number }) => member.user_id), [10, 12]);
        t.notOk('ignored_parameters_unsupported' in response);
        const bad = await client.users.retrieve({ user_ids: [10, 12] });
        t.same(bad, { result: 'error', msg: 'user_ids is not valid JSON', code: 'BAD_REQUEST' });
      } else {
        t.ok(response.members.length > 2, 'every member');
        t.same(response.ignored_parameters_unsupported, ['user_ids']);
        const notJson = await client.users.retrieve({ user_ids: [10, 12] });
        t.same(notJson.ignored_parameters_unsupported, ['user_ids'], 'not parsed at all');
      }
    });
  });
}

t.test('a deleted user must be deactivated: the control API refuses anything else and changes nothing', async (t) => {
  const { url } = await startServer(t, { platforms: ['zulip'] });
  const refused = await request(`${url}/__mock/platforms/zulip/users/13`, {
    method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ is_deleted: true }),
  });
  t.equal(refused.status, 400);
  t.match(refused.json.errors, [{ field: 'is_deleted' }]);
  const unchanged = await request(`${url}/__mock/platforms/zulip/users/13`);
  t.notOk(unchanged.json.is_deleted);
});
