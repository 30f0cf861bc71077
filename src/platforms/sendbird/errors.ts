import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreFailure } from '../../core/platform.js';

/**
 * Sendbird's error codes used by the user endpoints (docs/platforms/sendbird.md#error-envelope). Every 4xxxxx code
 * travels with HTTP 400; the exceptions are 403100 (403) and 500910 (429).
 */
export const CODE = {
  UNEXPECTED_STRING: 400100,
  UNEXPECTED_NUMBER: 400101,
  UNEXPECTED_LIST: 400102,
  UNEXPECTED_JSON: 400103,
  UNEXPECTED_BOOLEAN: 400104,
  MISSING_REQUIRED: 400105,
  LENGTH_EXCEEDED: 400110,
  INVALID_VALUE: 400111,
  NOT_ALLOWED_CHARACTER: 400151,
  NOT_FOUND: 400201,
  ALREADY_EXISTS: 400202,
  TOO_MANY_ITEMS: 400203,
  USER_ID_LENGTH_EXCEEDED: 400305,
  INVALID_API_TOKEN: 400401,
  INVALID_JSON_BODY: 400403,
  INVALID_REQUEST_URL: 400404,
  UNACCEPTABLE: 400920,
  INVALID_ENDPOINT: 400930,
  APPLICATION_NOT_AVAILABLE: 403100,
  INTERNAL_ERROR: 500901,
  RATE_LIMIT_EXCEEDED: 500910,
} as const;

export function statusOfCode(code: number): number {
  if (code === CODE.RATE_LIMIT_EXCEEDED) return 429;
  if (code === CODE.APPLICATION_NOT_AVAILABLE) return 403;
  return code >= 500000 ? 500 : 400;
}

/** An error in Sendbird's envelope: `{"message", "code", "error": true}`, in that key order. */
export class SendbirdError extends Error {
  readonly status: number;

  constructor(
    readonly code: number,
    message: string,
    status?: number,
  ) {
    super(message);
    this.status = status ?? statusOfCode(code);
  }
}

export const userNotFound = () => new SendbirdError(CODE.NOT_FOUND, '"User" not found.');
export const invalidValue = (name: string) => new SendbirdError(CODE.INVALID_VALUE, `Invalid value: "${name}".`);

export function sendSendbirdError(reply: FastifyReply, error: SendbirdError): FastifyReply {
  return reply
    .code(error.status)
    .type('application/json; charset=utf-8')
    .send(JSON.stringify({ message: error.message, code: error.code, error: true }));
}

/** Errors Fastify raises before the handlers (body parsing, size limits), and any fault, in Sendbird's envelope. */
export function sendbirdErrorHandler(error: FastifyError | SendbirdError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof SendbirdError) return sendSendbirdError(reply, error);
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return sendSendbirdError(reply, new SendbirdError(CODE.LENGTH_EXCEEDED, 'The request body is too large.'));
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return sendSendbirdError(reply, new SendbirdError(CODE.INVALID_JSON_BODY, 'The request body is an invalid JSON.'));
  }
  request.log.error({ err: error }, 'sendbird handler failed');
  return sendSendbirdError(reply, new SendbirdError(CODE.INTERNAL_ERROR, 'Internal Error. Please try again later.'));
}

/** Unknown paths and methods, bad URLs: Sendbird's InvalidEndpoint / InvalidRequestURL, with HTTP 400 like every 4xxxxx code. */
export function sendFailure(reply: FastifyReply, kind: CoreFailure['kind']): FastifyReply {
  return sendSendbirdError(
    reply,
    kind === 'not-found' ? new SendbirdError(CODE.INVALID_ENDPOINT, 'Invalid endpoint.') : new SendbirdError(CODE.INVALID_REQUEST_URL, 'Invalid request URL.'),
  );
}
