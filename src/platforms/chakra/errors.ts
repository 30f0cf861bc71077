import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Chakra's error envelope: `{"_errors": ["<message>", ...]}`, an array of plain strings
 * and no `_data` (docs/platforms/chakra.md#errors; ChakraHQ's SDK reads `_errors[0]` as the message).
 */
export class ChakraError extends Error {
  readonly messages: readonly string[];

  constructor(
    readonly status: number,
    messages: string | readonly string[],
  ) {
    const list = typeof messages === 'string' ? [messages] : messages;
    super(list[0] ?? 'Error');
    this.messages = list;
  }
}

/** The message each status gets when nothing more specific is known (docs/platforms/chakra.md#errors). */
export function defaultMessage(status: number): string {
  switch (status) {
    case 400:
      return 'Bad request';
    case 401:
      return 'Unauthorized';
    case 403:
      return 'Forbidden';
    case 404:
      return 'Not found';
    case 413:
      return 'Request body too large';
    case 415:
      return 'Unsupported content type';
    case 429:
      return 'Too many requests';
    default:
      return status >= 500 ? 'Internal server error' : 'Error';
  }
}

export function sendChakraError(reply: FastifyReply, error: ChakraError): FastifyReply {
  // Pre-serialized so no route's response schema reshapes it.
  return reply.code(error.status).type('application/json; charset=utf-8').send(JSON.stringify({ _errors: error.messages }));
}

/** Body-parse and size errors Fastify raises before the handlers, and anything unexpected, in Chakra's envelope. */
export function chakraErrorHandler(error: FastifyError | ChakraError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof ChakraError) return sendChakraError(reply, error);
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  if (status === 500) {
    request.log.error({ err: error }, 'chakra handler failed');
    return sendChakraError(reply, new ChakraError(500, defaultMessage(500)));
  }
  if (status === 413 || status === 415) return sendChakraError(reply, new ChakraError(status, defaultMessage(status)));
  return sendChakraError(reply, new ChakraError(400, 'Invalid JSON body'));
}
