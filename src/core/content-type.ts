import type { FastifyInstance } from 'fastify';

const FASTIFY_JSON = 'application/json; charset=utf-8';

/**
 * For platforms whose servers send a bare `application/json` (Zulip's Django/orjson,
 * Open WebUI's Starlette): Fastify adds `; charset=utf-8` to every JSON reply, so the
 * scope's replies are put back to the platform's own header.
 */
export function sendBareJsonContentType(scope: FastifyInstance): void {
  scope.addHook('onSend', (_request, reply, payload, done) => {
    if (reply.getHeader('content-type') === FASTIFY_JSON) reply.header('content-type', 'application/json');
    done(null, payload);
  });
}
