/** A socket-drop fault as the unmodified nandbox-bot-api SDK sees it (its own process: the SDK client is a singleton). */
import t from 'tap';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockServer } from '../../src/index.js';

// The SDK's logger writes to ../../../../logs relative to the cwd: keep that in a temp dir.
const scratch = mkdtempSync(join(tmpdir(), 'nandbox-fault-'));
const workDir = join(scratch, 'a', 'b', 'c', 'd');
mkdirSync(workDir, { recursive: true });
process.chdir(workDir);
t.teardown(() => rmSync(scratch, { recursive: true, force: true }));

const require = createRequire(import.meta.url);
const { NandBoxClient } = require('nandbox-bot-api/src/NandBoxClient');
const NandBox = require('nandbox-bot-api/src/NandBox');

t.test('the SDK\'s socket drops when a getUser frame meets a drop fault', async (t) => {
  const mock = await startMockServer({ users: 1 });
  t.teardown(() => mock.close());
  const callback = new NandBox().Callback as Record<string, (...args: any[]) => void>;
  for (const name of ['onConnect', 'onUserDetails', 'onMyProfile', 'onClose', 'onError', 'onReceive', 'onReceiveObj']) callback[name] = () => {};
  const once = (name: string) =>
    new Promise<any[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} not called`)), 5000);
      callback[name] = (...args: any[]) => {
        clearTimeout(timer);
        callback[name] = () => {};
        resolve(args);
      };
    });

  const connected = once('onConnect');
  NandBoxClient.get({ URI: mock.credentials.nandbox.url }).connect(mock.credentials.nandbox.token, callback);
  const [api] = await connected;
  await mock.control.faults.add({ platform: 'nandbox', path: 'getUser', frame: 'drop', count: 1 });

  const closed = once('onClose');
  let answered = false;
  callback.onUserDetails = () => (answered = true);
  api.getUser('90089584781491899');
  await closed;
  t.pass('onClose: the socket was dropped');
  t.equal(answered, false, 'no userDetails arrived');
  const faults = await mock.control.faults.list();
  t.same(faults.faults, [], 'the count-1 fault retired after firing');
  const inbound = await mock.control.requests({ platform: 'nandbox', path: 'getUser' });
  t.equal(inbound.matched, 1, 'the dropped frame is journaled');
});

// After an abnormal close the SDK sleeps 30 s and reconnects, with no way to cancel it: end the
// process once tap has reported (exitCode keeps any failure).
t.teardown(() => setImmediate(() => process.exit()));
