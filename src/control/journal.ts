import { escapeRegExp, pathOf } from '../core/text.js';
import type { Clock } from '../core/clock.js';

/** One request to a platform (or one nandbox frame), as a test asserts on it. */
export interface JournalEntry {
  id: number;
  /** ISO 8601, from the mock's clock. */
  time: string;
  timestamp: number;
  /** null when no platform serves the path. */
  platform: string | null;
  /** HTTP method, or "WS" for a WebSocket frame. */
  method: string;
  /** The path as the client sent it (no query). */
  path: string;
  query: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** HTTP status, or for a frame the method of the answer (0 when none). */
  status: number;
  responseTimeMs: number;
  /** Frames only: which way, and the answer's method. */
  direction?: 'in' | 'out';
}

export interface JournalFilter {
  platform?: string;
  method?: string;
  /** `*` matches any run of characters, e.g. `/api/v1/users/*`. */
  path?: string;
  status?: number;
  /** ms since the epoch or ISO 8601; inclusive. */
  since?: number;
  until?: number;
}

/** Header names whose values are credentials; never kept as sent. */
const SECRET_HEADERS = new Set(['authorization', 'cookie', 'set-cookie', 'api-token', 'x-api-key', 'proxy-authorization']);
export const REDACTED = '[redacted]';

export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string | string[] | undefined> {
  const copy: Record<string, string | string[] | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!SECRET_HEADERS.has(name)) {
      copy[name] = value;
      continue;
    }
    // Keep the scheme: a test may assert that Basic or Bearer was used, never the secret.
    const scheme = typeof value === 'string' && name.endsWith('authorization') ? /^\s*(\S+)\s+\S/.exec(value)?.[1] : undefined;
    copy[name] = scheme ? `${scheme} ${REDACTED}` : REDACTED;
  }
  return copy;
}

/** Body fields that carry secrets (passwords, tokens in nandbox frames, keys). */
const SECRET_FIELDS = /^(password|token|api_key|apikey|api_token|access_token|secret)$/i;
const MAX_BODY_CHARS = 16 * 1024;

export function redactBody(body: unknown, depth = 0): unknown {
  if (body === null || typeof body !== 'object') {
    return typeof body === 'string' && body.length > MAX_BODY_CHARS ? `${body.slice(0, MAX_BODY_CHARS)}…[truncated]` : body;
  }
  if (depth > 8) return '[too deep]';
  if (Array.isArray(body)) return body.slice(0, 100).map((item) => redactBody(item, depth + 1));
  const copy: Record<string, unknown> = {};
  let fields = 0;
  for (const [key, value] of Object.entries(body)) {
    if (fields++ >= 200) break;
    copy[key] = SECRET_FIELDS.test(key) && typeof value === 'string' ? REDACTED : redactBody(value, depth + 1);
  }
  return copy;
}

export function pathMatcher(pattern: string): (path: string) => boolean {
  if (!pattern.includes('*')) return (path) => path === pattern;
  const regex = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`);
  return (path) => regex.test(path);
}

/**
 * What the journal is given per request or frame: an entry before it is numbered, timed and
 * redacted, with the URL as sent (path and query; a frame's method) in place of the path.
 * The headers and body are the request's own objects, redacted when read.
 */
export type JournalRecord = Omit<JournalEntry, 'id' | 'time' | 'timestamp' | 'path'> & {
  url: string;
  /**
   * A frame the mock sent, as the JSON text that went over the wire, in place of `body` (parsed when
   * read): a string held instead of each answer's object tree. undefined for everything else.
   */
  bodyText: string | undefined;
};

type HeldRecord = JournalRecord & Pick<JournalEntry, 'id' | 'timestamp'>;

/** A request's path without its query; a frame's method as it came. */
function pathOfRecord(record: JournalRecord): string {
  return record.method === 'WS' ? record.url : pathOf(record.url);
}

function recordMatcher(filter: JournalFilter): (record: HeldRecord) => boolean {
  const path = filter.path === undefined ? undefined : pathMatcher(filter.path);
  const method = filter.method?.toUpperCase();
  return (record) =>
    (filter.platform === undefined || record.platform === filter.platform) &&
    (method === undefined || record.method === method) &&
    (filter.status === undefined || record.status === filter.status) &&
    (filter.since === undefined || record.timestamp >= filter.since) &&
    (filter.until === undefined || record.timestamp <= filter.until) &&
    (path === undefined || path(pathOfRecord(record)));
}

/** The entry a test reads: built from a held record when asked for, with credentials redacted. */
function entryOf(record: HeldRecord): JournalEntry {
  const entry: JournalEntry = {
    id: record.id,
    time: new Date(record.timestamp).toISOString(),
    timestamp: record.timestamp,
    platform: record.platform,
    method: record.method,
    path: pathOfRecord(record),
    query: record.query,
    headers: redactHeaders(record.headers),
    body: redactBody(record.bodyText === undefined ? record.body : JSON.parse(record.bodyText)),
    status: record.status,
    responseTimeMs: record.responseTimeMs,
  };
  if (record.direction !== undefined) entry.direction = record.direction;
  return entry;
}

/** The same names in the same order, with the same values (an entry shows the names as sent). */
function sameHeaders(a: JournalRecord['headers'], b: JournalRecord['headers']): boolean {
  const names = Object.keys(a);
  const others = Object.keys(b);
  if (names.length !== others.length) return false;
  for (let i = 0; i < names.length; i++) if (names[i] !== others[i] || a[names[i]] !== b[names[i]]) return false;
  return true;
}

interface Waiter {
  matches: (record: HeldRecord) => boolean;
  needed: number;
  found: JournalEntry[];
  finish: (matched: boolean) => void;
}

/**
 * The request journal: a ring buffer of fixed capacity, so memory stays flat however long the
 * server runs; it counts what it had to drop. It holds what it is given (the request's own headers
 * and query objects); entries are built, and credentials redacted, when read.
 */
export class Journal {
  private readonly held: (HeldRecord | undefined)[];
  private next = 0;
  private size = 0;
  private recorded = 0;
  private evicted = 0;
  private waiters = new Set<Waiter>();

  constructor(
    readonly capacity: number,
    private readonly clock: Clock,
  ) {
    this.held = new Array<HeldRecord | undefined>(capacity).fill(undefined);
  }

  get total(): number {
    return this.recorded;
  }

  /** Entries pushed out by newer ones since the journal was last cleared (cleared ones are not dropped). */
  get dropped(): number {
    return this.evicted;
  }

  get length(): number {
    return this.size;
  }

  record(record: JournalRecord): void {
    this.recorded++;
    if (this.size === this.capacity) this.evicted++;
    if (this.capacity === 0) return;
    // Entries live in slots reused in place, and a request whose URL and headers equal the previous
    // entry's holds that entry's copies: a steady client then leaves no new object for V8's old generation.
    const previous = this.size > 0 ? this.held[(this.next + this.capacity - 1) % this.capacity] : undefined;
    const repeated = previous !== undefined && previous.url === record.url && sameHeaders(previous.headers, record.headers);
    const held: HeldRecord = Object.assign((this.held[this.next] ??= { ...record, id: 0, timestamp: 0 }), record);
    if (repeated) {
      held.url = previous.url;
      held.query = previous.query;
      held.headers = previous.headers;
    }
    held.id = this.recorded;
    held.timestamp = this.clock.now();
    this.next = (this.next + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
    for (const waiter of this.waiters) {
      if (!waiter.matches(held)) continue;
      waiter.found.push(entryOf(held));
      if (waiter.found.length >= waiter.needed) waiter.finish(true);
    }
  }

  /** Oldest first. */
  entries(filter: JournalFilter = {}, limit = Infinity): JournalEntry[] {
    const matches = recordMatcher(filter);
    const result: JournalEntry[] = [];
    const start = (this.next - this.size + this.capacity) % Math.max(this.capacity, 1);
    for (let i = 0; i < this.size && result.length < limit; i++) {
      const record = this.held[(start + i) % this.capacity]!;
      if (matches(record)) result.push(entryOf(record));
    }
    return result;
  }

  clear(): void {
    // Drop the references, so cleared requests' headers and bodies can be collected.
    this.held.fill(undefined);
    this.size = 0;
    this.next = 0;
    this.evicted = 0;
  }

  /**
   * Resolves with the first `count` matching entries, counting those already held,
   * as soon as they are there; after `timeoutMs`, with what was found.
   */
  waitFor(filter: JournalFilter, count: number, timeoutMs: number): Promise<{ matched: boolean; entries: JournalEntry[] }> {
    const found = this.entries(filter, count);
    if (found.length >= count) return Promise.resolve({ matched: true, entries: found });
    return new Promise((resolve) => {
      const waiter: Waiter = {
        matches: recordMatcher(filter),
        needed: count,
        found,
        finish: (matched) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve({ matched, entries: found });
        },
      };
      const timer = setTimeout(() => waiter.finish(false), timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Wakes every waiter with what it has (server closing). */
  release(): void {
    for (const waiter of [...this.waiters]) waiter.finish(false);
  }
}
