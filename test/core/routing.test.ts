/** Who answers the root paths two platforms share (/api/v1/users…): the credential, else ROOT_API_V1. */
import t from 'tap';
import { basicAuth, request, startServer } from '../helper.js';

const ZULIP = basicAuth('iago@zulip.com', 'abcdefghijklmnopqrstuvwxyz123456');
const zulipShaped = (json: Record<string, unknown>) => json.result === 'error' && typeof json.msg === 'string';
const openWebUIShaped = (json: Record<string, unknown>) => typeof json.detail === 'string' && !('result' in json);

for (const rootApiV1 of ['zulip', 'openwebui']) {
  t.test(`ROOT_API_V1=${rootApiV1}`, async (t) => {
    const { url } = await startServer(t, { rootApiV1 });
    const bare = await request(`${url}/api/v1/users/10`);
    t.equal(bare.status, 401);
    t.ok(rootApiV1 === 'zulip' ? zulipShaped(bare.json) : openWebUIShaped(bare.json), 'no credential: the configured platform answers');
    const basic = await request(`${url}/api/v1/users/10`, { headers: { authorization: ZULIP } });
    t.equal(basic.json.user?.user_id, 10, 'HTTP Basic: Zulip');
    const bearer = await request(`${url}/api/v1/users/10`, { headers: { authorization: 'Bearer not-a-jwt' } });
    t.ok(openWebUIShaped(bearer.json), 'a Bearer token: Open WebUI');
    const sendbird = await request(`${url}/v3/users/Tyler`);
    t.equal(sendbird.json.code, 400401, 'a prefix only one platform serves: that platform, whatever ROOT_API_V1 says');
    const prefixed = await request(`${url}/openwebui/api/v1/users/10`);
    t.ok(openWebUIShaped(prefixed.json), 'the /<platform> prefix wins over the root rules');
  });
}
