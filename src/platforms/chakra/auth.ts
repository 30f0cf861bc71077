import type { FastifyRequest } from 'fastify';
import { ChakraError } from './errors.js';

/** `Authorization: Bearer <token>`; the scheme is case-insensitive (RFC 7235), the token opaque (docs/platforms/chakra.md#authentication). */
const BEARER = /^[ \t]*bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * Checks the access token against the configured set. Missing, malformed and unknown
 * tokens all get the same answer: docs/platforms/chakra.md#invalid-token suggests 401 `{"_errors":["Unauthorized"]}`.
 */
export function checkToken(request: FastifyRequest, tokens: ReadonlySet<string>, unauthorizedStatus: number): void {
  const header = request.headers.authorization;
  const token = typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
  if (token === undefined || !tokens.has(token)) {
    throw new ChakraError(unauthorizedStatus, unauthorizedStatus === 403 ? 'Forbidden' : 'Unauthorized');
  }
}
