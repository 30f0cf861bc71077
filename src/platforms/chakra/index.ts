import { definePlatform } from '../../core/platform.js';
import { chakraUsers } from './admin.js';
import { ChakraError, defaultMessage, sendChakraError } from './errors.js';
import { chakraRoutes } from './routes.js';
import { seedChakra } from './seed.js';
import { readChakraSettings } from './settings.js';

export const chakra = definePlatform({
  name: 'chakra',
  title: 'ChakraHQ',
  description:
    'ChakraHQ external user API: Fetch User v1/v2, List Users v1/v2, Update User, Fetch Config, health. Authorization: Bearer <access token>; responses in {"_data": ...}, errors as {"_errors": ["..."]}.',
  rootPrefixes: ['/v1/ext/', '/v2/ext/', '/v1/health'],
  securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key\'s access token (GET /__mock/credentials: chakra.token)' } },
  readSettings: readChakraSettings,
  credentialSettings: ['CHAKRA_TOKEN', 'CHAKRA_TOKENS'],
  credentials: (settings) => ({ token: settings.token }),
  seed: seedChakra,
  plugin: chakraRoutes,
  users: chakraUsers,
  sendError: (reply, { status, message }) => sendChakraError(reply, new ChakraError(status, message ?? defaultMessage(status))),
  replyToCoreFailure: (failure, _request, reply) =>
    sendChakraError(reply, new ChakraError(failure.kind === 'not-found' ? 404 : 400, failure.kind === 'not-found' ? 'Not found' : 'Bad request')),
});
