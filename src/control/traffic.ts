import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Platform } from '../core/platform.js';
import { isCorePath, type PlatformRouter } from '../core/routing.js';
import { pathOf } from '../core/text.js';
import type { FaultDecision, Faults } from './faults.js';
import { type Journal, redactBody } from './journal.js';

/** The platform's real path of a prefixed URL: `/zulip/api/v1/users/10?x` -> `/api/v1/users/10`. */
function platformPath(url: string, platform: Platform): string {
  return pathOf(url).slice(platform.name.length + 1) || '/';
}

/**
 * Every request to a platform passes here: configured faults act before the
 * platform sees it, and the journal records it after the answer. Requests to
 * /__mock and /docs are neither faulted nor journaled.
 */
export function registerTrafficHooks(app: FastifyInstance, router: PlatformRouter, journal: Journal, faults: Faults): void {
  // Callback-style hooks: without a configured fault (the usual case) no promise is made per request.
  app.addHook('onRequest', (request, reply, done) => {
    if (faults.isEmpty || isCorePath(request.originalUrl)) return done();
    applyFaults(request, reply).then(() => done(), done);
  });

  async function applyFaults(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const platform = router.platformOf(request.url);
    if (!platform) return;
    const decision = faults.decide(platform.name, request.method, platformPath(request.url, platform));
    if (!decision) return;
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    if (decision.connection === 'reset' || decision.connection === 'empty') return breakConnection(request, reply, decision, journal, platform);
    if (decision.connection === 'truncated') truncateResponse(reply.raw);
    if (decision.error) return platform.sendError(reply, decision.error);
  }

  app.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      { method: request.method, url: request.originalUrl, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 },
      'request',
    );
    if (isCorePath(request.originalUrl)) return done();
    journal.record({
      platform: router.platformOf(request.url)?.name ?? null,
      method: request.method,
      url: request.originalUrl,
      query: request.query as Record<string, unknown>,
      headers: request.headers,
      // A copy, bounded in size: the journal may hold thousands of bodies a client sent.
      body: redactBody(request.body),
      bodyText: undefined,
      status: reply.statusCode,
      responseTimeMs: Math.round(reply.elapsedTime * 1000) / 1000,
      direction: undefined,
    });
    done();
  });
}

/** reset: TCP RST; empty: the connection closes before a single byte of response. */
function breakConnection(request: FastifyRequest, reply: FastifyReply, decision: FaultDecision, journal: Journal, platform: Platform): FastifyReply {
  reply.hijack();
  journal.record({
    platform: platform.name,
    method: request.method,
    url: request.originalUrl,
    query: request.query as Record<string, unknown>,
    headers: request.headers,
    body: undefined,
    bodyText: undefined,
    status: 0,
    responseTimeMs: 0,
    direction: undefined,
  });
  if (decision.connection === 'reset') request.raw.socket.resetAndDestroy();
  else request.raw.socket.end();
  return reply;
}

/**
 * truncated: the response announces its whole body (Content-Length), sends half of it, then the
 * connection breaks. Done by wrapping this one response's write and end, so no hook runs on
 * every other request.
 */
function truncateResponse(response: ServerResponse): void {
  let cut = false;
  const write = response.write.bind(response) as (chunk: Buffer) => boolean;
  const breakOff = () => {
    cut = true;
    setImmediate(() => response.destroy(new Error('truncated by a configured fault')));
  };
  response.write = ((chunk: unknown) => {
    if (cut) return true;
    const body = typeof chunk === 'string' || Buffer.isBuffer(chunk) ? Buffer.from(chunk) : Buffer.alloc(0);
    write(body.subarray(0, Math.floor(body.length / 2)));
    breakOff();
    return true;
  }) as ServerResponse['write'];
  response.end = (() => {
    if (!cut) breakOff();
    return response;
  }) as ServerResponse['end'];
}
