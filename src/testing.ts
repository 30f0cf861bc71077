import type { AddressInfo } from 'node:net';
import { buildApp, type AppOptions } from './app.js';
import { MockControl, type PlatformName } from './control/client.js';
import { TENANT_NAME } from './tenants/tenants.js';

type Credentials = Record<PlatformName, Record<string, string>>;

export interface MockTenant {
  /** e.g. http://127.0.0.1:43121/t/worker-1: the base URL to give an SDK. */
  url: string;
  /** The tenant's credentials: URLs (Zulip's realm, nandbox's url) carry its prefix. */
  credentials: Credentials;
  control: MockControl;
}

export interface MockServer {
  /** e.g. http://127.0.0.1:43121 */
  url: string;
  port: number;
  /** The well-known credentials of every platform, as GET /__mock/credentials returns them. */
  credentials: Credentials;
  /** A typed client of /__mock: reset, users, requests, wait, faults, clock. */
  control: MockControl;
  /** An isolated copy of the mock under `/t/<name>` (made now if new): for one parallel test worker. */
  tenant(name: string): Promise<MockTenant>;
  close(): Promise<void>;
}

/**
 * Starts the whole mock inside the test process on a free port of 127.0.0.1.
 * Defaults: an in-memory store, SEED 42, 50 users per platform.
 *
 *   const mock = await startMockServer();
 *   // point an SDK at mock.url, assert with mock.control.requests(...)
 *   await mock.close();
 */
export async function startMockServer(options: AppOptions & { port?: number; host?: string } = {}): Promise<MockServer> {
  const { port = 0, host = '127.0.0.1', ...appOptions } = options;
  const app = await buildApp(appOptions);
  await app.listen({ port, host });
  const address = app.server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  const control = new MockControl(url, appOptions.adminToken);
  const credentials = await control.credentials();
  const tenant = async (name: string): Promise<MockTenant> => {
    if (!TENANT_NAME.test(name)) throw new Error(`${JSON.stringify(name)} is not a tenant name: ${TENANT_NAME}`);
    const tenantUrl = `${url}/t/${name}`;
    const tenantControl = new MockControl(tenantUrl, appOptions.adminToken);
    return { url: tenantUrl, credentials: await tenantControl.credentials(), control: tenantControl };
  };
  return { url, port: address.port, credentials, control, tenant, close: () => app.close() };
}
