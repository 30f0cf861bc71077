/**
 * A typed client of the control API (/__mock), for tests in Node. Every method is
 * one HTTP call; a non-2xx answer throws MockControlError with the server's body.
 */
import type { FaultRule, FaultRuleInput } from './faults.js';
import type { JournalEntry } from './journal.js';

export type PlatformName = 'zulip' | 'sendbird' | 'openwebui' | 'chakra' | 'nandbox';

export interface RequestFilter {
  platform?: PlatformName;
  method?: string;
  /** `*` matches any run of characters. */
  path?: string;
  status?: number;
  since?: number | string;
  until?: number | string;
}

export interface JournalPage {
  total: number;
  held: number;
  dropped: number;
  capacity: number;
  matched: number;
  requests: JournalEntry[];
}

export interface ClockState {
  mode: 'real' | 'frozen' | 'offset';
  now: number;
  iso: string;
  offsetMs?: number;
}

export class MockControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`chat-user-mock control API answered ${status}: ${JSON.stringify(body)}`);
    this.name = 'MockControlError';
  }
}

export class MockControl {
  constructor(
    /** e.g. http://127.0.0.1:8080 */
    readonly baseUrl: string,
    private readonly adminToken?: string,
  ) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.adminToken) headers.authorization = `Bearer ${this.adminToken}`;
    const response = await fetch(`${this.baseUrl}/__mock${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const parsed: unknown = text === '' ? undefined : JSON.parse(text);
    if (!response.ok) throw new MockControlError(response.status, parsed);
    return parsed as T;
  }

  private static query(filter: object): string {
    const entries = Object.entries(filter).filter(([, value]) => value !== undefined);
    return entries.length === 0 ? '' : `?${new URLSearchParams(entries.map(([key, value]): [string, string] => [key, String(value)])).toString()}`;
  }

  health() {
    return this.call<{ status: string }>('GET', '/health');
  }

  ready() {
    return this.call<{ status: string; seed: number; users: number }>('GET', '/ready');
  }

  credentials() {
    return this.call<Record<PlatformName, Record<string, string>>>('GET', '/credentials');
  }

  /** Back to the seeded state (optionally another seed or users count); clears journal, faults and rate-limit windows. */
  reset(options: { seed?: number; users?: number } = {}) {
    return this.call<{ status: string; seed: number; users: number }>('POST', '/reset', options);
  }

  /** Adds `count` generated users to one platform, or to all. */
  seed(count: number, platform?: PlatformName) {
    return this.call<{ added: number; platforms: string[] }>('POST', '/seed', { count, platform });
  }

  /** Users of one platform, in its native shape. */
  users<TUser = Record<string, unknown>>(platform: PlatformName) {
    const base = `/platforms/${platform}/users`;
    return {
      list: (page: { offset?: number; limit?: number } = {}) =>
        this.call<{ total: number; offset: number; users: TUser[] }>('GET', `${base}${MockControl.query(page)}`),
      get: (id: string | number) => this.call<{ id: string; user: TUser }>('GET', `${base}/${encodeURIComponent(String(id))}`),
      create: (user: Partial<TUser>) => this.call<{ id: string; user: TUser }>('POST', base, user),
      put: (id: string | number, user: Partial<TUser>) => this.call<{ id: string; user: TUser }>('PUT', `${base}/${encodeURIComponent(String(id))}`, user),
      delete: (id: string | number) => this.call<void>('DELETE', `${base}/${encodeURIComponent(String(id))}`),
    };
  }

  snapshot() {
    return this.call<{ format: string; meta: Record<string, string>; records: unknown[] }>('GET', '/snapshot');
  }

  restore(snapshot: unknown) {
    return this.call<{ status: string; records: number }>('PUT', '/snapshot', snapshot);
  }

  requests(filter: RequestFilter & { limit?: number } = {}) {
    return this.call<JournalPage>('GET', `/requests${MockControl.query(filter)}`);
  }

  clearRequests() {
    return this.call<void>('DELETE', '/requests');
  }

  /** Resolves as soon as `count` requests match (already journaled ones count); `matched` is false after the timeout. */
  wait(filter: RequestFilter, options: { count?: number; timeoutMs?: number } = {}) {
    return this.call<{ matched: boolean; count: number; requests: JournalEntry[] }>('POST', '/requests/wait', { ...filter, ...options });
  }

  get faults() {
    return {
      add: (rule: FaultRuleInput) => this.call<FaultRule>('POST', '/faults', rule),
      list: () => this.call<{ faults: FaultRule[]; rateLimits: Record<string, { enforce: boolean; limit: number; windowMs: number }> }>('GET', '/faults'),
      remove: (id: string) => this.call<void>('DELETE', `/faults/${encodeURIComponent(id)}`),
      clear: () => this.call<void>('DELETE', '/faults'),
    };
  }

  /** Switches a platform's own rate limiting on or off, or changes its quota. */
  rateLimit(platform: PlatformName, rule: { enforce?: boolean; limit?: number; windowSeconds?: number }) {
    return this.call<{ platform: string; enforce: boolean; limit: number; windowMs: number }>('PUT', `/rate-limits/${platform}`, rule);
  }

  get clock() {
    return {
      get: () => this.call<ClockState>('GET', '/clock'),
      freeze: () => this.call<ClockState>('POST', '/clock', { freeze: true }),
      unfreeze: () => this.call<ClockState>('POST', '/clock', { freeze: false }),
      set: (at: Date | number | string) => this.call<ClockState>('POST', '/clock', { set: at instanceof Date ? at.toISOString() : at }),
      advance: (ms: number) => this.call<ClockState>('POST', '/clock', { advanceMs: ms }),
      real: () => this.call<ClockState>('DELETE', '/clock'),
    };
  }
}
