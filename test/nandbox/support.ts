/** A raw WebSocket client for the nandbox tests: frames in order, with timeouts, and the close code. */
import WebSocket from 'ws';
import { startServer, type TestServer } from '../helper.js';
import type { AppOptions } from '../../src/app.js';

export const TOKEN = '90091783784280234:0:chatUserMockNandboxBotSecret01';
export const RESTRICTED_TOKEN = '90091783784280299:0:chatUserMockNoManageUsers00001';
export const APP_ID = '90090684293000559';
export const DOC_USER_ID = '90089584781491899';
export const SHAWMI_ID = '90089584980037358';
export const NO_PHOTO_USER_ID = '90089584781400001';
export const OTHER_APP_USER_ID = '90089584781400002';
export const BOT_ID = '90091783784280234';

interface Teardown {
  teardown(fn: () => unknown): void;
}

export async function startNandbox(t: Teardown, options: AppOptions = {}): Promise<TestServer & { wsUrl: string }> {
  const server = await startServer(t, { platforms: ['nandbox'], ...options });
  return { ...server, wsUrl: `ws://127.0.0.1:${server.port}/nandbox/api/` };
}

export class FrameClient {
  readonly socket: WebSocket;
  private readonly frames: string[] = [];
  private waiter: (() => void) | undefined;
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(url: string, options: WebSocket.ClientOptions = {}) {
    this.socket = new WebSocket(url, options);
    this.socket.on('message', (data) => {
      this.frames.push(data.toString());
      this.waiter?.();
    });
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
    this.closed = new Promise((resolve) => {
      this.socket.once('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        this.waiter?.();
      });
    });
  }

  static async open(url: string, options?: WebSocket.ClientOptions): Promise<FrameClient> {
    const client = new FrameClient(url, options);
    await client.opened;
    return client;
  }

  static async authenticated(url: string, token = TOKEN): Promise<FrameClient> {
    const client = await FrameClient.open(url);
    const ok = await client.call({ method: 'TOKEN_AUTH', token, rem: true });
    if (ok.method !== 'TOKEN_AUTH_OK') throw new Error(`not authenticated: ${JSON.stringify(ok)}`);
    return client;
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame));
  }

  /** The next frame's text; rejects after `ms` or when the socket closes first. */
  async nextText(ms = 2000): Promise<string> {
    const deadline = Date.now() + ms;
    while (this.frames.length === 0) {
      if (this.socket.readyState === WebSocket.CLOSED) throw new Error('socket closed before a frame arrived');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no frame within ${ms} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = undefined;
    }
    return this.frames.shift()!;
  }

  async next(ms?: number): Promise<any> {
    return JSON.parse(await this.nextText(ms));
  }

  async call(frame: unknown, ms?: number): Promise<any> {
    this.send(frame);
    return this.next(ms);
  }

  /** Resolves true when no frame arrives within `ms`. */
  async silentFor(ms: number): Promise<boolean> {
    try {
      const text = await this.nextText(ms);
      this.frames.unshift(text);
      return false;
    } catch {
      return true;
    }
  }

  close(): void {
    this.socket.close();
  }
}
