import type { FastifyBaseLogger } from 'fastify';
import type { Server } from 'node:http';
import { type RawData, WebSocket } from 'ws';
import type { Clock } from '../../core/clock.js';
import type { Faults } from '../../control/faults.js';
import { type Journal, redactBody } from '../../control/journal.js';
import { type ErrorFrame, MESSAGES } from './errors.js';
import { type InboundFrame, type ParsedFrame, parseFrame, readReference } from './frames.js';
import type { NandboxMethods } from './methods.js';
import { OUTBOUND_SCHEMAS, type OutboundKind } from './schemas.js';
import type { BotCredential, NandboxSettings } from './settings.js';
import { lazySerializerCompiler } from '../../core/serializer.js';

/** One WebSocket connection: its socket, and the bot it authenticated as. */
export interface Session {
  readonly id: number;
  readonly socket: WebSocket;
  bot: BotCredential | undefined;
  /** Cleared by each heartbeat, set again by the peer's pong. */
  alive: boolean;
  /** What the journal shows as a frame's headers: which connection it came by. */
  readonly journalHeaders: { session: string };
}

/** A client that reads nothing while we keep writing is cut off here, so it cannot pile up memory. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** Method names echoed in "Unknown method" errors are cut to this length. */
const ECHOED_METHOD_LENGTH = 100;

const gateways = new WeakMap<Server, NandboxGateway>();

/** The gateway serving nandbox on this HTTP server (tests, and the lead's journal and fault hooks). */
export function gatewayOf(server: Server): NandboxGateway | undefined {
  return gateways.get(server);
}

/**
 * The nandbox WebSocket protocol (docs/platforms/nandbox.md#connection). Every inbound frame goes through `handleFrame`
 * and every outbound frame through `send`, so recording or faulting frames attaches in one place.
 */
export class NandboxGateway {
  readonly sessions = new Set<Session>();
  private nextSessionId = 1;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly serializers: Record<OutboundKind, (frame: object) => string>;

  constructor(
    private readonly settings: NandboxSettings,
    private readonly methods: NandboxMethods,
    private readonly clock: Clock,
    private readonly log: FastifyBaseLogger,
    server: Server,
    /** Every frame is journaled, and may be faulted (dropped socket, delayed answer) by the control API. */
    private readonly traffic: { journal: Journal; faults: Faults },
  ) {
    const compile = lazySerializerCompiler();
    this.serializers = Object.fromEntries(
      Object.entries(OUTBOUND_SCHEMAS).map(([kind, schema]) => [kind, compile({ schema, method: 'GET', url: '/api/', httpStatus: '200' })]),
    ) as Record<OutboundKind, (frame: object) => string>;
    gateways.set(server, this);
  }

  /** Takes a freshly upgraded socket. The server sends no greeting: the client speaks first (docs/platforms/nandbox.md#authentication). */
  open(socket: WebSocket): Session {
    const id = this.nextSessionId++;
    const session: Session = { id, socket, bot: undefined, alive: true, journalHeaders: { session: String(id) } };
    this.sessions.add(session);
    socket.on('message', (data, isBinary) => this.handleFrame(session, data, isBinary));
    socket.on('pong', () => {
      session.alive = true;
    });
    socket.on('close', () => this.sessions.delete(session));
    if (this.settings.heartbeatMs > 0 && this.heartbeat === undefined) this.startHeartbeat();
    return session;
  }

  /** Every inbound frame: journaled, checked against faults, then answered. Nothing a client sends may escape as an exception. */
  handleFrame(session: Session, data: RawData, isBinary: boolean): void {
    try {
      const parsed = isBinary ? undefined : parseFrame(textOf(data));
      const method = parsed?.ok ? parsed.method : '(unparsed)';
      this.record(session, 'in', method, parsed?.ok ? parsed.frame.fields : isBinary ? '(binary)' : textOf(data));
      const decision = this.traffic.faults.decide('nandbox', 'WS', method);
      if (decision?.frame === 'drop') return session.socket.terminate();
      const answer = () => this.answer(session, parsed, decision?.error?.message);
      if (decision && decision.delayMs > 0) setTimeout(answer, decision.delayMs);
      else answer();
    } catch (error) {
      this.fail(session, error);
    }
  }

  private answer(session: Session, parsed: ParsedFrame | undefined, faultMessage: string | undefined): void {
    try {
      if (faultMessage !== undefined && parsed?.ok) {
        return this.send(session, 'error', { error: faultMessage, reference: readReference(parsed.frame.fields) });
      }
      this.dispatch(session, parsed);
    } catch (error) {
      this.fail(session, error);
    }
  }

  private fail(session: Session, error: unknown): void {
    this.log.error({ err: error, session: session.id }, 'nandbox frame failed');
    this.send(session, 'error', { error: MESSAGES.internal });
  }

  /** A frame in: what the client sent, copied and bounded in size. A frame out: the text sent. */
  private record(session: Session, direction: 'in' | 'out', method: string, body: unknown, bodyText: string | undefined = undefined): void {
    this.traffic.journal.record({
      platform: 'nandbox',
      method: 'WS',
      url: method,
      query: {},
      headers: session.journalHeaders,
      body: direction === 'in' ? redactBody(body) : undefined,
      bodyText,
      status: 0,
      responseTimeMs: 0,
      direction,
    });
  }

  /** Every outbound frame, serialized from the frame schemas. Frames for closing sockets are dropped. */
  send(session: Session, kind: OutboundKind, frame: object): void {
    const { socket } = session;
    if (socket.readyState !== WebSocket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      socket.terminate();
      return;
    }
    const text = this.serializers[kind](frame);
    this.record(session, 'out', kind === 'TOKEN_AUTH_OK' || kind === 'error' ? kind : String((frame as { method?: unknown }).method ?? kind), undefined, text);
    socket.send(text);
  }

  private dispatch(session: Session, parsed: ParsedFrame | undefined): void {
    if (!parsed) return this.send(session, 'error', { error: MESSAGES.binary });
    if (!parsed.ok) return this.send(session, 'error', { error: parsed.error, reference: parsed.reference });
    const { method, frame } = parsed;
    // Never answered, even before TOKEN_AUTH: no SDK handles a reply to PING (docs/platforms/nandbox.md#keep-alive).
    if (method === 'PING') return;
    if (method === 'TOKEN_AUTH') return this.authenticate(session, frame);
    const reference = readReference(frame.fields);
    if (!session.bot) return this.send(session, 'error', { error: MESSAGES.notAuthenticated, reference });
    const handler = this.methods.handlers.get(method);
    if (!handler) return this.send(session, 'error', { error: MESSAGES.unknownMethod(method.slice(0, ECHOED_METHOD_LENGTH)), reference });
    const reply = handler(session.bot, frame);
    if (reply) this.send(session, reply.kind, reply.frame);
  }

  /** TOKEN_AUTH, first or again: a known token (re)binds the session; an unknown one gets the configured answer (docs/platforms/nandbox.md#invalid-token). */
  private authenticate(session: Session, frame: InboundFrame): void {
    const token = frame.fields.token;
    const bot = typeof token === 'string' ? this.settings.bots.get(token) : undefined;
    if (bot) {
      session.bot = bot;
      const ok = { date: this.clock.now(), is_nandbox: 1, method: 'TOKEN_AUTH_OK', name: this.methods.profileOf(bot).name, ID: bot.botId, localId: 0 };
      return this.send(session, 'TOKEN_AUTH_OK', ok);
    }
    session.bot = undefined;
    const { mode, closeCode } = this.settings.badToken;
    if (mode === 'close') session.socket.close(closeCode, MESSAGES.invalidToken);
    else if (mode === 'error') this.send(session, 'error', { error: MESSAGES.invalidToken } satisfies ErrorFrame);
  }

  /** WebSocket control pings find peers that vanished without a close; every client library answers them. */
  private startHeartbeat(): void {
    this.heartbeat = setInterval(() => {
      for (const session of this.sessions) {
        if (!session.alive) {
          session.socket.terminate();
          continue;
        }
        session.alive = false;
        if (session.socket.readyState === WebSocket.OPEN) session.socket.ping();
      }
    }, this.settings.heartbeatMs);
    this.heartbeat.unref();
  }

  shutdown(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    // 1001 "going away": clients see a server shutdown, not an abnormal close; a peer that does not
    // answer the close frame is cut off shortly after instead of ws's 30 s close timeout.
    for (const session of this.sessions) {
      session.socket.close(1001, 'server shutting down');
      setTimeout(() => session.socket.terminate(), 250).unref();
    }
    this.sessions.clear();
  }
}

function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
