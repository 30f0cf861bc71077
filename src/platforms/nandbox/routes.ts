import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../core/platform.js';
import { PROTOCOL_DESCRIPTION, METHOD_DOCS, exchangeSchema } from './docs.js';
import { errorFrame } from './schemas.js';
import { nandboxErrorHandler, sendHttpError } from './errors.js';
import { NandboxGateway } from './gateway.js';
import { NandboxMethods } from './methods.js';
import { NandboxRepository } from './repository.js';
import type { NandboxSettings } from './settings.js';

const httpError = { ...errorFrame, description: 'The mock\'s HTTP answers use the frame error convention: {"error": "<message>"}' };
const security = [{ nandboxToken: [] }];

/** RFC 7230 token characters: what `ws` accepts in a Sec-WebSocket-Protocol list. */
const PROTOCOL_LIST = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+(?:[ \t]*,[ \t]*[!#$%&'*+\-.^_`|~0-9A-Za-z]+)*$/;
const WEBSOCKET_KEY = /^[+/0-9A-Za-z]{22}==$/;

/**
 * The handshake checks `ws` makes before upgrading, made first so that a bad handshake is
 * answered in the `{"error"}` envelope rather than `ws`'s plain-text 400.
 */
function handshakeProblem(request: FastifyRequest): string | undefined {
  const { headers } = request;
  if (headers.upgrade?.toLowerCase() !== 'websocket') return 'Invalid Upgrade header';
  const key = headers['sec-websocket-key'];
  if (typeof key !== 'string' || !WEBSOCKET_KEY.test(key)) return 'Missing or invalid Sec-WebSocket-Key header';
  const version = headers['sec-websocket-version'];
  if (version !== '13' && version !== '8') return 'Missing or invalid Sec-WebSocket-Version header';
  const protocols = headers['sec-websocket-protocol'];
  if (protocols !== undefined) {
    const names = protocols.split(',').map((name) => name.trim());
    if (!PROTOCOL_LIST.test(protocols.trim()) || new Set(names).size !== names.length) return 'Invalid Sec-WebSocket-Protocol header';
  }
  return undefined;
}

export async function nandboxRoutes(app: FastifyInstance, { store, clock, settings, journal, faults }: PlatformContext<NandboxSettings>): Promise<void> {
  const methods = new NandboxMethods(new NandboxRepository(store), settings, clock);
  const gateway = new NandboxGateway(settings, methods, clock, app.log, app.server, { journal, faults });

  await app.register(websocket, {
    options: { maxPayload: settings.maxFrameBytes },
    // `ws` already closes with 1009/1007 on frames over the limit or invalid UTF-8, and destroys the
    // socket on transport errors; the default handler would cut the close frame short.
    errorHandler: (error, _socket, request) => request.log.debug({ err: error }, 'nandbox websocket error'),
  });
  app.setErrorHandler(nandboxErrorHandler);
  app.setNotFoundHandler((request, reply) => replyToFailure(reply, request, 404, `${request.method} ${request.url} is not served`));
  app.addHook('onClose', async () => gateway.shutdown());

  app.route({
    method: 'GET',
    url: '/api/',
    schema: {
      tags: ['nandbox protocol'],
      security,
      summary: 'The nandbox WebSocket (bot/app API)',
      description: PROTOCOL_DESCRIPTION,
      response: {
        101: { description: 'Switching Protocols: the WebSocket is open; the client sends TOKEN_AUTH first' },
        400: { ...httpError, description: 'A malformed WebSocket handshake' },
        426: { ...httpError, description: 'A plain HTTP GET: this endpoint only speaks WebSocket' },
      },
    },
    preValidation: async (request, reply) => {
      if (!request.ws) return;
      const problem = handshakeProblem(request);
      if (problem) return sendHttpError(reply, 400, problem);
    },
    handler: async (_request, reply) =>
      sendHttpError(reply.header('upgrade', 'websocket'), 426, 'Upgrade Required: /nandbox/api/ speaks WebSocket only'),
    wsHandler: (socket) => {
      gateway.open(socket);
    },
  });

  app.get(
    '/api/methods',
    {
      schema: {
        tags: ['nandbox protocol'],
        summary: 'The methods of the WebSocket protocol',
        response: {
          200: {
            type: 'object',
            properties: {
              methods: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, summary: { type: 'string' }, url: { type: 'string' } } } },
            },
          },
        },
      },
    },
    async () => ({ methods: METHOD_DOCS.map(({ name, summary }) => ({ name, summary, url: `/nandbox/api/methods/${name}` })) }),
  );
  for (const doc of METHOD_DOCS) {
    app.get(
      `/api/methods/${doc.name}`,
      { schema: { tags: ['nandbox protocol'], summary: doc.summary, description: doc.description, response: { 200: exchangeSchema(doc) } } },
      async () => doc.example,
    );
  }
}

/**
 * Answers a request no route serves (HTTP or a WebSocket handshake) in the `{"error"}` envelope.
 * A handshake has no HTTP parser left to close its socket, so it is closed once the answer is out.
 */
export function replyToFailure(reply: FastifyReply, request: FastifyRequest, status: number, message: string): FastifyReply {
  if (request.headers.upgrade !== undefined) reply.raw.once('finish', () => request.raw.socket?.destroy());
  return sendHttpError(reply, status, message);
}
