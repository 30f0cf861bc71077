import { definePlatform } from '../../core/platform.js';
import { zulipUsers } from './admin.js';
import { hasBasicCredential } from './auth.js';
import { ZulipError, sendZulipError, zulipErrorFor } from './errors.js';
import { zulipRoutes } from './routes.js';
import { seedZulip } from './seed.js';
import { readZulipSettings } from './settings.js';

export const zulip = definePlatform({
  name: 'zulip',
  title: 'Zulip',
  description:
    'Zulip user endpoints of the release in the title (ZULIP_VERSION; get-user, get-user-by-email, get-users, get-own-user, fetch_api_key) and get-server-settings. HTTP Basic email:api_key; errors in Zulip\'s {result, msg, code} envelope.',
  rootPrefixes: ['/api/v1/users', '/api/v1/fetch_api_key', '/api/v1/server_settings'],
  claimsRequest: hasBasicCredential,
  securitySchemes: { basicAuth: { type: 'http', scheme: 'basic', description: 'email:api_key' } },
  readSettings: readZulipSettings,
  credentialSettings: ['ZULIP_EMAIL', 'ZULIP_API_KEY', 'ZULIP_PASSWORD'],
  version: (settings) => `${settings.release.version} (feature level ${settings.release.featureLevel})`,
  credentials: (settings, baseUrl) => ({
    realm: baseUrl,
    email: settings.email,
    api_key: settings.apiKey,
    password: settings.password,
  }),
  seed: seedZulip,
  plugin: zulipRoutes,
  users: zulipUsers,
  sendError: (reply, { status, code, message }) => sendZulipError(reply, zulipErrorFor(status, code, message)),
  replyToCoreFailure: (failure, _request, reply) =>
    // Real Zulip serves Django's HTML 404 page here; the mock keeps to JSON in Zulip's envelope (README).
    sendZulipError(reply, new ZulipError(failure.kind === 'not-found' ? 404 : 400, failure.kind === 'not-found' ? 'Not Found' : 'Malformed request')),
});
