import type { FastifyRequest } from 'fastify';

/**
 * The address a client used to reach this tenant (`/t/<tenant>` included), so the URLs the mock returns
 * work behind port mappings and in every tenant.
 */
export function baseUrlOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}${request.server.mock.basePath}`;
}
