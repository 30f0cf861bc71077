import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';

/** The most of an unread request body read and thrown away after the answer, and for how long. */
export const DRAIN_BYTES = 16 * 1024 * 1024;
export const DRAIN_MS = 30_000;

/**
 * An answer sent before the request body was read to its end (a body over BODY_LIMIT, a method
 * refused before its body is read) must not close the socket under a client that is still sending:
 * the client would get EPIPE or ECONNRESET instead of the answer. As nginx's lingering close does,
 * the rest of the body is read and discarded, up to DRAIN_BYTES or DRAIN_MS; past that bound the
 * connection is closed.
 *
 * Fastify marks such an answer `Connection: close`, and Node then destroys the socket as soon as
 * the answer is written, while the body is still arriving. The header is dropped, so Node keeps the
 * socket; once the body is read to its end the connection is as good as any other kept-alive one,
 * and closing it then would race a client that reuses it.
 */
export function drainUnreadBodies(app: FastifyInstance): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    if (!request.raw.complete) {
      if (reply.getHeader('connection') === 'close') reply.removeHeader('connection');
      discardRest(request.raw);
    }
    done(null, payload);
  });
}

function discardRest(incoming: IncomingMessage): void {
  const socket = incoming.socket;
  let left = DRAIN_BYTES;
  const timer = setTimeout(() => socket.destroy(), DRAIN_MS).unref();
  incoming.on('data', (chunk: Buffer) => {
    left -= chunk.length;
    if (left < 0) socket.destroy();
  });
  incoming.once('close', () => clearTimeout(timer));
  incoming.resume();
}
