import { definePlatform } from '../../core/platform.js';
import { sendbirdUsers } from './admin.js';
import { CODE, SendbirdError, sendFailure, sendSendbirdError } from './errors.js';
import { sendbirdRoutes } from './routes.js';
import { seedSendbird } from './seed.js';
import { readSendbirdSettings } from './settings.js';

/** The code a fault of this status carries when the caller names none (docs/platforms/sendbird.md#error-codes). */
function defaultCode(status: number): number {
  if (status === 429) return CODE.RATE_LIMIT_EXCEEDED;
  if (status === 403) return CODE.APPLICATION_NOT_AVAILABLE;
  if (status >= 500) return CODE.INTERNAL_ERROR;
  return CODE.UNACCEPTABLE;
}

const DEFAULT_MESSAGES: Record<number, string> = {
  [CODE.RATE_LIMIT_EXCEEDED]: 'Too many requests.',
  [CODE.APPLICATION_NOT_AVAILABLE]: 'Application is not available.',
  [CODE.INTERNAL_ERROR]: 'Internal Error. Please try again later.',
  [CODE.UNACCEPTABLE]: 'Unacceptable.',
};

export const sendbird = definePlatform({
  name: 'sendbird',
  title: 'Sendbird',
  description:
    'Sendbird Chat Platform API v3 user endpoints (list, create, view, update, delete users). Api-Token header; errors in Sendbird\'s {message, code, error:true} envelope, HTTP 400 for every 4xxxxx code.',
  rootPrefixes: ['/v3/'],
  securitySchemes: {
    apiToken: { type: 'apiKey', in: 'header', name: 'Api-Token', description: 'The master or a secondary API token, 40 hex digits (GET /__mock/credentials: `sendbird.api_token`)' },
  },
  readSettings: readSendbirdSettings,
  credentialSettings: ['SENDBIRD_APP_ID', 'SENDBIRD_API_TOKEN', 'SENDBIRD_SECONDARY_API_TOKENS'],
  credentials: (settings) => ({ app_id: settings.appId, api_token: settings.apiToken }),
  seed: (context) => seedSendbird(context),
  plugin: sendbirdRoutes,
  users: sendbirdUsers,
  sendError: (reply, { status, code, message }) => {
    const numeric = Number(code);
    const sendbirdCode = Number.isSafeInteger(numeric) && numeric > 0 ? numeric : defaultCode(status);
    return sendSendbirdError(reply, new SendbirdError(sendbirdCode, message ?? DEFAULT_MESSAGES[sendbirdCode] ?? 'Error.', status));
  },
  replyToCoreFailure: (failure, _request, reply) => sendFailure(reply, failure.kind),
});
