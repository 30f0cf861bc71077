import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Zulip's error envelope (zerver/lib/response.py): `result`, `msg`, `code`, then
 * extra keys; compact JSON with a trailing newline, like orjson with OPT_APPEND_NEWLINE.
 */
export class ZulipError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string = 'BAD_REQUEST',
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const BASIC_CHALLENGE = { 'www-authenticate': 'Basic realm="zulip"' };

/** Every credential failure on the API-key path: 401 UNAUTHORIZED with the Basic challenge (spec §2). */
export function unauthorized(message: string): ZulipError {
  return new ZulipError(401, message, 'UNAUTHORIZED', {}, BASIC_CHALLENGE);
}

export const noSuchUser = () => new ZulipError(400, 'No such user');

export function sendZulipError(reply: FastifyReply, error: ZulipError): FastifyReply {
  reply.code(error.status).headers(error.headers).type('application/json');
  return reply.send(`${JSON.stringify({ result: 'error', msg: error.message, code: error.code, ...error.extra })}\n`);
}

/** Errors Fastify raises before our handlers (body parsing, size limits) in Zulip's envelope. */
export function zulipErrorHandler(error: FastifyError | ZulipError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof ZulipError) return sendZulipError(reply, error);
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  if (status === 500) {
    request.log.error({ err: error }, 'zulip handler failed');
    // zerver/middleware.py: a 500 body has no code.
    reply.code(500).type('application/json');
    return reply.send(`${JSON.stringify({ result: 'error', msg: 'Internal server error' })}\n`);
  }
  const message = error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'Request body too large' : 'Malformed request';
  return sendZulipError(reply, new ZulipError(status, message));
}
