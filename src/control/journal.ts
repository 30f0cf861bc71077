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
export type JournalRecord = Omit<JournalEntry, 'id' | 'time' | 'timestamp' | 'path'> & { url: string };

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

/** `headers` has the names `names`, in that order, and `held`'s values (a list value only when it is the same array). */
function sameHeaders(held: JournalRecord['headers'], names: readonly string[], headers: JournalRecord['headers']): boolean {
  let index = 0;
  for (const name in headers) {
    if (name !== names[index] || held[name] !== headers[name]) return false;
    index++;
  }
  return index === names.length;
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
    body: redactBody(record.body),
    status: record.status,
    responseTimeMs: record.responseTimeMs,
  };
  if (record.direction !== undefined) entry.direction = record.direction;
  return entry;
}

interface Waiter {
  matches: (record: HeldRecord) => boolean;
  needed: number;
  found: JournalEntry[];
  finish: (matched: boolean) => void;
}

/**
 * The request journal: a ring buffer of fixed capacity, so memory stays flat
 * however long the server runs; it counts what it had to drop. Recording is on
 * every request's path: it keeps references in columns (no object per request
 * outlives the request but what the request already made), and entries are
 * built and redacted when read.
 */
export class Journal {
  private readonly platforms: (string | null)[];
  private readonly methods: string[];
  private readonly urls: string[];
  private readonly queries: (Record<string, unknown> | undefined)[];
  private readonly headers: (JournalRecord['headers'] | undefined)[];
  private readonly bodies: unknown[];
  private readonly statuses: Int32Array;
  private readonly timestamps: Float64Array;
  private readonly responseTimes: Float64Array;
  private readonly directions: (JournalRecord['direction'] | undefined)[];
  private next = 0;
  private size = 0;
  private recorded = 0;
  private waiters = new Set<Waiter>();
  /** The URL (with the query parsed from it) and headers recorded last, held again by the entries that repeat them (record). */
  private lastUrl = '';
  private lastQuery: Record<string, unknown> | undefined;
  private lastHeaders: JournalRecord['headers'] | undefined;
  private lastHeaderNames: readonly string[] = [];

  constructor(
    readonly capacity: number,
    private readonly clock: Clock,
  ) {
    this.platforms = new Array(capacity).fill(null);
    this.methods = new Array(capacity).fill('');
    this.urls = new Array(capacity).fill('');
    this.queries = new Array(capacity).fill(undefined);
    this.headers = new Array(capacity).fill(undefined);
    this.bodies = new Array(capacity).fill(undefined);
    this.statuses = new Int32Array(capacity);
    this.timestamps = new Float64Array(capacity);
    this.responseTimes = new Float64Array(capacity);
    this.directions = new Array(capacity).fill(undefined);
  }

  get total(): number {
    return this.recorded;
  }

  /** Entries recorded but no longer held (overwritten by newer ones, or cleared). */
  get dropped(): number {
    return this.recorded - this.size;
  }

  get length(): number {
    return this.size;
  }

  record(record: JournalRecord): void {
    this.recorded++;
    if (this.capacity === 0) return;
    const slot = this.next;
    const timestamp = this.clock.now();
    this.platforms[slot] = record.platform;
    this.methods[slot] = record.method;
    // A client sends the same URL and headers call after call. Holding each request's own copies kept them
    // alive for `capacity` requests, long enough for V8 to promote them to the old generation and collect
    // them there: equal copies recorded last are held instead, and this request's die young.
    if (record.url !== this.lastUrl) {
      this.lastUrl = record.url;
      // Most requests have no query: their (empty) parsed query is not kept.
      this.lastQuery = record.url.includes('?') ? record.query : undefined;
    }
    this.urls[slot] = this.lastUrl;
    this.queries[slot] = this.lastQuery;
    if (this.lastHeaders === undefined || !sameHeaders(this.lastHeaders, this.lastHeaderNames, record.headers)) {
      this.lastHeaders = record.headers;
      this.lastHeaderNames = Object.keys(record.headers);
    }
    this.headers[slot] = this.lastHeaders;
    this.bodies[slot] = record.body;
    this.statuses[slot] = record.status;
    this.timestamps[slot] = timestamp;
    this.responseTimes[slot] = record.responseTimeMs;
    this.directions[slot] = record.direction;
    this.next = (slot + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
    if (this.waiters.size === 0) return;
    const held = this.held(slot, this.recorded);
    for (const waiter of this.waiters) {
      if (!waiter.matches(held)) continue;
      waiter.found.push(entryOf(held));
      if (waiter.found.length >= waiter.needed) waiter.finish(true);
    }
  }

  private held(slot: number, id: number): HeldRecord {
    return {
      id,
      timestamp: this.timestamps[slot],
      platform: this.platforms[slot],
      method: this.methods[slot],
      url: this.urls[slot],
      query: this.queries[slot] ?? {},
      headers: this.headers[slot] ?? {},
      body: this.bodies[slot],
      status: this.statuses[slot],
      responseTimeMs: this.responseTimes[slot],
      direction: this.directions[slot],
    };
  }

  /** Oldest first. */
  entries(filter: JournalFilter = {}, limit = Infinity): JournalEntry[] {
    const matches = recordMatcher(filter);
    const result: JournalEntry[] = [];
    const start = (this.next - this.size + this.capacity) % Math.max(this.capacity, 1);
    const firstId = this.recorded - this.size + 1;
    for (let i = 0; i < this.size && result.length < limit; i++) {
      const record = this.held((start + i) % this.capacity, firstId + i);
      if (matches(record)) result.push(entryOf(record));
    }
    return result;
  }

  clear(): void {
    // Drop the references, so cleared requests' headers and bodies can be collected.
    this.queries.fill(undefined);
    this.headers.fill(undefined);
    this.bodies.fill(undefined);
    this.lastUrl = '';
    this.lastQuery = undefined;
    this.lastHeaders = undefined;
    this.lastHeaderNames = [];
    this.size = 0;
    this.next = 0;
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
