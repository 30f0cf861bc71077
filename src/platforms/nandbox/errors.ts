import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/**
 * nandbox's only generic error convention: a frame with no `method` and a top-level `error`
 * (docs/platforms/nandbox.md#errors). Every SDK logs it and calls nothing, so it cannot crash a client.
 */
export interface ErrorFrame {
  error: string | number;
  reference?: string | number;
  app_id?: string;
}

/** The privilege-missing code nandbox uses in its event-subscription replies (docs/platforms/nandbox.md#errors). */
export const PRIVILEGE_MISSING = 160017;

export const MESSAGES = {
  notJson: 'Malformed frame: not valid JSON',
  notObject: 'Malformed frame: not a JSON object',
  binary: 'Binary frames are not supported: send one JSON object per text frame',
  noMethod: 'Malformed frame: missing method',
  notAuthenticated: 'Not authenticated: the first frame must be TOKEN_AUTH',
  invalidToken: 'Invalid token',
  userNotFound: 'User not found',
  internal: 'Internal error',
  unknownMethod: (method: string) => `Unknown method: ${method}`,
  missingField: (field: string) => `Missing ${field}`,
  invalidField: (field: string, expected: string) => `Invalid ${field}: ${expected}`,
} as const;

/** nandbox serves no REST API; the mock's HTTP answers reuse the frame convention: `{"error": "..."}`. */
export function sendHttpError(reply: FastifyReply, status: number, message: string, code?: string | number): FastifyReply {
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send(JSON.stringify(code === undefined ? { error: message } : { error: message, code }));
}

/** Body-parse, size and handler errors of the HTTP routes, in the `{"error"}` envelope. */
export function nandboxErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  if (status === 500) request.log.error({ err: error }, 'nandbox handler failed');
  return sendHttpError(reply, status, status === 500 ? MESSAGES.internal : error.message);
}
