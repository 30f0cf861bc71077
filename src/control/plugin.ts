import type { FastifyInstance, FastifyRequest } from 'fastify';
import { seededWith } from '../seeding/seed.js';

const tags = ['control'];

/** The address a client used to reach us, so returned URLs work behind port mappings too. */
export function baseUrlOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

export async function controlPlugin(app: FastifyInstance): Promise<void> {
  const { store, platforms, settingsOf } = app.mock;

  app.get(
    '/health',
    {
      schema: {
        tags,
        summary: 'Liveness: the process answers',
        response: { 200: { type: 'object', properties: { status: { type: 'string' } } } },
      },
    },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/ready',
    {
      schema: {
        tags,
        summary: 'Readiness: the store is open and seeded',
        response: {
          200: {
            type: 'object',
            properties: { status: { type: 'string' }, seed: { type: 'integer' }, users: { type: 'integer' } },
          },
          503: { type: 'object', properties: { status: { type: 'string' } } },
        },
      },
    },
    async (_request, reply) => {
      const seeded = store.isOpen ? seededWith(store) : undefined;
      if (!seeded) return reply.code(503).send({ status: 'starting' });
      return { status: 'ready', seed: seeded.seed, users: seeded.users };
    },
  );

  app.get(
    '/credentials',
    {
      schema: {
        tags,
        summary: 'The well-known credentials of every platform',
        description: 'Public test credentials (like LocalStack\'s test/test). Override them by env; see the README.',
        response: {
          200: {
            type: 'object',
            additionalProperties: { type: 'object', additionalProperties: { type: 'string' } },
          },
        },
      },
    },
    async (request) => {
      const base = baseUrlOf(request);
      return Object.fromEntries(platforms.map((platform) => [platform.name, platform.credentials(settingsOf(platform), base)]));
    },
  );
}
