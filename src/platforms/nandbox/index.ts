import { definePlatform } from '../../core/platform.js';
import { nandboxUsers } from './admin.js';
import { MESSAGES, sendHttpError } from './errors.js';
import { readNandboxSettings } from './settings.js';
import { nandboxRoutes, replyToFailure } from './routes.js';
import { seedNandbox } from './seed.js';

export const nandbox = definePlatform({
  name: 'nandbox',
  title: 'nandbox',
  description:
    'nandbox bot/app API: one WebSocket at /nandbox/api/, one JSON object per text frame. TOKEN_AUTH first, then getUser, getMyProfiles, setMyProfile; PING never answered. Each method\'s frames are documented under /api/methods/<name>.',
  // The real path /nandbox/api/ already starts with the platform prefix.
  rootPrefixes: [],
  securitySchemes: {
    nandboxToken: {
      type: 'apiKey',
      in: 'header',
      name: 'TOKEN_AUTH',
      description:
        'Not a header: the bot token travels in the first WebSocket frame, `{"method":"TOKEN_AUTH","token":"<botId>:<appId or 0>:<secret>","rem":true}` ' +
        '(GET /__mock/credentials: `nandbox.token`). Swagger UI cannot open the WebSocket; the /api/methods routes need no credential.',
    },
  },
  readSettings: readNandboxSettings,
  credentialSettings: ['NANDBOX_TOKEN', 'NANDBOX_APP_ID', 'NANDBOX_EXTRA_TOKENS', 'NANDBOX_NO_MANAGE_USERS_TOKENS'],
  credentials: (settings, baseUrl) => ({
    url: `${baseUrl.replace(/^http/, 'ws')}/nandbox/api/`,
    token: settings.token,
    app_id: settings.appId,
  }),
  seed: seedNandbox,
  plugin: nandboxRoutes,
  users: nandboxUsers,
  sendError: (reply, { status, code, message }) => sendHttpError(reply, status, message ?? (status >= 500 ? MESSAGES.internal : 'Error'), code),
  replyToCoreFailure: (failure, request, reply) =>
    replyToFailure(reply, request, failure.kind === 'not-found' ? 404 : 400, failure.kind === 'not-found' ? failure.message : 'Malformed request'),
});
