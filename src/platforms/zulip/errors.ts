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

/** Every credential failure on the API-key path: 401 UNAUTHORIZED with the Basic challenge (docs/platforms/zulip.md#credential-failures). */
export function unauthorized(message: string): ZulipError {
  return new ZulipError(401, message, 'UNAUTHORIZED', {}, BASIC_CHALLENGE);
}

export const noSuchUser = () => new ZulipError(400, 'No such user');

/** An error of this status as Zulip itself would word it (for faults): 429 is RATE_LIMIT_HIT, 5xx has no code. */
export function zulipErrorFor(status: number, code?: string | number, message?: string): ZulipError {
  if (status === 429) {
    const retryAfter = 0.5;
    return new ZulipError(429, message ?? 'API usage exceeded rate limit', String(code ?? 'RATE_LIMIT_HIT'), { 'retry-after': retryAfter }, { 'retry-after': String(retryAfter) });
  }
  if (status === 401) return new ZulipError(401, message ?? 'Invalid API key', String(code ?? 'UNAUTHORIZED'), {}, BASIC_CHALLENGE);
  if (status >= 500 && code === undefined) return new ZulipError(status, message ?? 'Internal server error', '');
  return new ZulipError(status, message ?? 'Error', String(code ?? 'BAD_REQUEST'));
}

export function sendZulipError(reply: FastifyReply, error: ZulipError): FastifyReply {
  reply.code(error.status).headers(error.headers).type('application/json');
  // zerver/middleware.py: a 500 body has no code.
  const body = error.code === '' ? { result: 'error', msg: error.message } : { result: 'error', msg: error.message, code: error.code, ...error.extra };
  return reply.send(`${JSON.stringify(body)}\n`);
}

/** Errors Fastify raises before our handlers (body parsing, size limits) in Zulip's envelope. */
export function zulipErrorHandler(error: FastifyError | ZulipError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof ZulipError) return sendZulipError(reply, error);
  // busboy throws plain errors (e.g. "Multipart: Boundary not found") for a malformed multipart body: the client's fault.
  const clientFault = error.statusCode === undefined && request.isMultipart?.() === true;
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : clientFault ? 400 : 500;
  if (status === 500) {
    request.log.error({ err: error }, 'zulip handler failed');
    return sendZulipError(reply, zulipErrorFor(500));
  }
  const message = error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'Request body too large' : 'Malformed request';
  return sendZulipError(reply, new ZulipError(status, message));
}
