import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Store } from '../store/store.js';

/** A tenant's name, as it appears in `/t/<tenant>/...`. */
export const TENANT_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** `/t/<segment><rest>`: the segment and the rest of the URL, or undefined when the URL has no tenant prefix. */
export function splitTenantUrl(url: string): { name: string; rest: string } | undefined {
  if (!url.startsWith('/t/')) return undefined;
  const end = url.slice(3).search(/[/?#]/);
  const name = end === -1 ? url.slice(3) : url.slice(3, 3 + end);
  const rest = end === -1 ? '' : url.slice(3 + end);
  return { name, rest: rest.startsWith('/') ? rest : `/${rest}` };
}

export interface TenantSummary {
  name: string;
  /** Whether the tenant is in memory now; a tenant only in the database file is loaded by its next request. */
  loaded: boolean;
  users: Record<string, number>;
  journal: number;
  created: string | null;
  lastUsed: string | null;
}

interface Tenant {
  name: string;
  app: Promise<FastifyInstance>;
  created: number;
  lastUsed: number;
  /** Requests in flight and open WebSockets: a tenant with any is not evicted. */
  active: number;
}

export interface TenantsOptions {
  /** Most tenants in memory; past it, the least recently used idle one is evicted. */
  max: number;
  /** The default tenant's store: each tenant's is `store.forTenant(name)`, in the same file. */
  store: Store;
  /** Builds a tenant's app (not listening) on its own store. */
  build: (name: string, store: Store) => Promise<FastifyInstance>;
  /** Counts a platform's users in a store, for the listing. */
  countUsers: (store: Store) => Record<string, number>;
  log: () => FastifyBaseLogger;
  /** The wall-clock time, for created and last used. */
  now?: () => number;
}

/**
 * Every tenant is a whole copy of the mock (its own Fastify app: store, journal, faults, rate-limit windows,
 * clock, WebSocket sessions) built on its first request and reached by stripping `/t/<tenant>` from the URL.
 */
export class Tenants {
  private readonly live = new Map<string, Tenant>();
  private readonly now: () => number;

  constructor(private readonly options: TenantsOptions) {
    this.now = options.now ?? Date.now;
  }

  get max(): number {
    return this.options.max;
  }

  /** Takes a request addressed to a valid tenant; false leaves it to the default tenant. */
  handleRequest(request: IncomingMessage, response: ServerResponse): boolean {
    const tenant = this.take(request);
    if (!tenant) return false;
    response.once('close', () => this.release(tenant));
    tenant.app.then(
      (app) => app.routing(request, response),
      (error: Error) => this.failed(error, tenant, () => {
        response.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        response.end(JSON.stringify({ error: 'Internal Server Error', message: `tenant ${tenant.name} could not start`, statusCode: 500 }));
      }),
    );
    return true;
  }

  /** The same for a WebSocket upgrade (nandbox). */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const tenant = this.take(request);
    if (!tenant) return false;
    socket.once('close', () => this.release(tenant));
    tenant.app.then(
      (app) => app.server.emit('upgrade', request, socket, head),
      (error: Error) => this.failed(error, tenant, () => socket.destroy()),
    );
    return true;
  }

  private take(request: IncomingMessage): Tenant | undefined {
    const parts = splitTenantUrl(request.url ?? '/');
    if (!parts || !TENANT_NAME.test(parts.name)) return undefined;
    const tenant = this.live.get(parts.name) ?? this.create(parts.name);
    request.url = parts.rest;
    tenant.active++;
    tenant.lastUsed = this.now();
    // Most recently used last: eviction takes from the front.
    this.live.delete(tenant.name);
    this.live.set(tenant.name, tenant);
    return tenant;
  }

  private release(tenant: Tenant): void {
    tenant.active--;
    tenant.lastUsed = this.now();
  }

  private create(name: string): Tenant {
    this.evictIfFull();
    const tenant: Tenant = { name, app: this.options.build(name, this.options.store.forTenant(name)), created: this.now(), lastUsed: this.now(), active: 0 };
    this.live.set(name, tenant);
    return tenant;
  }

  private failed(error: Error, tenant: Tenant, answer: () => void): void {
    this.options.log().error({ err: error, tenant: tenant.name }, 'tenant failed to start');
    if (this.live.get(tenant.name) === tenant) this.live.delete(tenant.name);
    answer();
  }

  private evictIfFull(): void {
    if (this.live.size < this.options.max) return;
    for (const tenant of this.live.values()) {
      if (tenant.active > 0) continue;
      this.options.log().warn({ tenant: tenant.name, max: this.options.max }, `tenant ${tenant.name} evicted: MAX_TENANTS (${this.options.max}) reached; its data is removed`);
      void this.remove(tenant.name);
      return;
    }
    // Every tenant is busy: one more is allowed until one turns idle.
  }

  /** Closes a tenant and removes its data from the store; false when there is no such tenant. */
  async remove(name: string): Promise<boolean> {
    const tenant = this.live.get(name);
    const stored = this.options.store.storedTenants().includes(name);
    if (!tenant && !stored) return false;
    this.live.delete(name);
    // Data first: a request for the name from now on makes a new tenant, which must find nothing to keep.
    this.options.store.forTenant(name).clear();
    if (tenant) await tenant.app.then((app) => app.close(), () => undefined);
    return true;
  }

  /** Every tenant, live or only in the database file, by name. */
  async list(): Promise<TenantSummary[]> {
    const iso = (ms: number) => new Date(ms).toISOString();
    const names = [...new Set([...this.live.keys(), ...this.options.store.storedTenants()])].sort();
    const summaries: TenantSummary[] = [];
    for (const name of names) {
      const tenant = this.live.get(name);
      summaries.push({
        name,
        loaded: tenant !== undefined,
        users: this.options.countUsers(this.options.store.forTenant(name)),
        journal: tenant ? await tenant.app.then((app) => app.mock.journal.length, () => 0) : 0,
        created: tenant ? iso(tenant.created) : null,
        lastUsed: tenant ? iso(tenant.lastUsed) : null,
      });
    }
    return summaries;
  }

  async closeAll(): Promise<void> {
    const tenants = [...this.live.values()];
    this.live.clear();
    await Promise.all(tenants.map((tenant) => tenant.app.then((app) => app.close(), () => undefined)));
  }
}
