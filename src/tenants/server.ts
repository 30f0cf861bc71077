import type { FastifyServerFactory } from 'fastify';
import { type IncomingMessage, Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Tenants } from './tenants.js';

/** Fastify's defaults (its `keepAliveTimeout`, `requestTimeout` and `connectionTimeout` options), which the buildApp options never change. */
const FASTIFY_DEFAULTS = { keepAliveTimeout: 72_000, requestTimeout: 0, connectionTimeout: 0 };

/** An http.Server whose `/t/<tenant>` upgrades go to the tenant's app before anyone else hears of them. */
class TenantServer extends Server {
  constructor(
    private readonly tenants: Tenants,
    options: { maxHeaderSize: number },
    listener: (request: IncomingMessage, response: ServerResponse) => void,
  ) {
    super(options, listener);
  }

  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'upgrade' && this.tenants.handleUpgrade(args[0] as IncomingMessage, args[1] as Duplex, args[2] as Buffer)) return true;
    return (Server.prototype.emit as (event: string | symbol, ...args: unknown[]) => boolean).call(this, event, ...args);
  }
}

/**
 * The default tenant's server: requests under `/t/<tenant>` go to that tenant's app, the rest to Fastify's
 * handler, with the timeouts Fastify gives a server it makes itself.
 */
export function tenantServerFactory(tenants: Tenants, maxHeaderSize: number): FastifyServerFactory {
  return (handler) => {
    const server = new TenantServer(tenants, { maxHeaderSize }, (request, response) => {
      if (!tenants.handleRequest(request, response)) handler(request, response);
    });
    server.keepAliveTimeout = FASTIFY_DEFAULTS.keepAliveTimeout;
    server.requestTimeout = FASTIFY_DEFAULTS.requestTimeout;
    server.setTimeout(FASTIFY_DEFAULTS.connectionTimeout);
    return server;
  };
}
