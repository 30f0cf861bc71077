/**
 * Test helpers: every test drives a real server listening on 127.0.0.1, port 0,
 * through real HTTP (fetch) or the platforms' own SDKs.
 */
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { buildApp, type AppOptions } from '../src/app.js';

export interface TestServer {
  app: FastifyInstance;
  /** e.g. http://127.0.0.1:43121 */
  url: string;
  port: number;
}

interface Teardown {
  teardown(fn: () => unknown): void;
}

export async function startServer(t: Teardown, options: AppOptions = {}): Promise<TestServer> {
  const app = await buildApp({ users: 10, ...options });
  await app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => app.close());
  const { port } = app.server.address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, port };
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: any;
}

/** fetch, with the body read as text and (where it parses) as JSON. */
export async function request(url: string, init: RequestInit = {}): Promise<RawResponse> {
  const response = await fetch(url, { redirect: 'manual', ...init });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Strings that have broken other servers: each platform's hostile-input test sends them everywhere. */
export const HOSTILE_SEGMENTS: readonly string[] = [
  'é漢字🙂',
  'x'.repeat(10 * 1024),
  '%00',
  'a%00b',
  '..%2F..%2Fetc%2Fpasswd',
  '../../etc/passwd',
  "1' OR '1'='1",
  '1; DROP TABLE records; --',
  '%E0%A4%A',
  '%',
  '-1',
  '1.5',
  '99999999999999999999999999',
  '__proto__',
  'constructor',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '%0d%0aSet-Cookie:%20x=1',
  ' ',
  'null',
];
