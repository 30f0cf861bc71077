/**
 * The unmodified nandbox-bot-api SDK, loaded for a test: its winston logger writes to
 * ../../../../logs relative to the cwd, so the process moves into a temp dir first.
 * NandBoxClient is a process-wide singleton bound to its first URI: one server per test file.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Callbacks = Record<string, (...args: any[]) => void>;

interface Teardown {
  teardown(fn: () => unknown): void;
}

export function loadNandboxSdk(t: Teardown) {
  const scratch = mkdtempSync(join(tmpdir(), 'nandbox-sdk-'));
  const workDir = join(scratch, 'a', 'b', 'c', 'd');
  mkdirSync(workDir, { recursive: true });
  process.chdir(workDir);
  t.teardown(() => rmSync(scratch, { recursive: true, force: true }));
  const require = createRequire(import.meta.url);
  const NandBox = require('nandbox-bot-api/src/NandBox');
  return {
    NandBoxClient: require('nandbox-bot-api/src/NandBoxClient').NandBoxClient,
    User: require('nandbox-bot-api/src/data/User'),
    /** Every callback the mock's replies can reach must be set, or the SDK throws. */
    callbacks(): Callbacks {
      const callback = new NandBox().Callback as Callbacks;
      for (const name of ['onConnect', 'onUserDetails', 'onMyProfile', 'onClose', 'onError', 'onReceive', 'onReceiveObj']) callback[name] = () => {};
      return callback;
    },
  };
}

/** Resolves with the arguments of the next call of `callback[name]`; rejects after `ms`. */
export function nextCall(callback: Callbacks, name: string, ms = 5000): Promise<any[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} not called within ${ms} ms`)), ms);
    callback[name] = (...args: any[]) => {
      clearTimeout(timer);
      callback[name] = () => {};
      resolve(args);
    };
  });
}
