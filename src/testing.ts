import type { AddressInfo } from 'node:net';
import { buildApp, type AppOptions } from './app.js';
import { MockControl, type PlatformName } from './control/client.js';

export interface MockServer {
  /** e.g. http://127.0.0.1:43121 */
  url: string;
  port: number;
  /** The well-known credentials of every platform, as GET /__mock/credentials returns them. */
  credentials: Record<PlatformName, Record<string, string>>;
  /** A typed client of /__mock: reset, users, requests, wait, faults, clock. */
  control: MockControl;
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
  return { url, port: address.port, credentials, control, close: () => app.close() };
}
