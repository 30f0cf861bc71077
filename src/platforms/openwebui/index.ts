import { definePlatform } from '../../core/platform.js';
import { openWebUIUsers } from './admin.js';
import { hasOpenWebUICredential } from './auth.js';
import { detail, MESSAGES, routerFailure } from './errors.js';
import { openWebUIRoutes } from './routes.js';
import { seedOpenWebUI } from './seed.js';
import { readOpenWebUISettings } from './settings.js';

export const openwebui = definePlatform({
  name: 'openwebui',
  title: 'Open WebUI',
  description:
    'Open WebUI user and auth endpoints (routers/users.py, routers/auths.py) of the release in the title (OPENWEBUI_VERSION): HS256 JWT as Bearer header or `token` cookie, or `sk-` API keys (Bearer or x-api-key). Errors are FastAPI\'s {"detail": ...}.',
  rootPrefixes: ['/api/v1/users', '/api/v1/auths', '/api/users'],
  claimsRequest: hasOpenWebUICredential,
  securitySchemes: {
    bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT or sk- API key' },
    tokenCookie: { type: 'apiKey', in: 'cookie', name: 'token', description: 'the JWT sign-in sets' },
    apiKeyHeader: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'an sk- key (0.8.4+)' },
  },
  readSettings: readOpenWebUISettings,
  credentialSettings: ['OPENWEBUI_ADMIN_EMAIL', 'OPENWEBUI_ADMIN_PASSWORD', 'OPENWEBUI_API_KEY', 'OPENWEBUI_JWT_SECRET', 'WEBUI_SECRET_KEY', 'OPENWEBUI_USER_PASSWORD'],
  version: (settings) => settings.version.name,
  credentials: (settings) => ({
    email: settings.adminEmail,
    password: settings.adminPassword,
    token: settings.wellKnown.token,
    api_key: settings.apiKey,
  }),
  seed: seedOpenWebUI,
  plugin: openWebUIRoutes,
  users: openWebUIUsers,
  sendError: (reply, { status, message }) => detail(reply, status, message ?? (status >= 500 ? 'Internal Server Error' : status === 429 ? MESSAGES.RATE_LIMIT_EXCEEDED : MESSAGES.DEFAULT)),
  replyToCoreFailure: (failure, request, reply) =>
    // uvicorn decodes a bad percent-escape leniently and routes on; the mock cannot, and answers 400 (README).
    failure.kind === 'not-found' ? routerFailure(request, reply) : detail(reply, 400, 'Bad Request'),
});
