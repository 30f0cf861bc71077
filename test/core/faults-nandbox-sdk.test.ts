/** A socket-drop fault as the unmodified nandbox-bot-api SDK sees it (its own process: the SDK client is a singleton). */
import t from 'tap';
import { startMockServer } from '../../src/index.js';
import { loadNandboxSdk, nextCall } from '../nandbox/sdk-harness.js';

const sdk = loadNandboxSdk(t);

t.test('the SDK\'s socket drops when a getUser frame meets a drop fault', async (t) => {
  const mock = await startMockServer({ users: 1 });
  t.teardown(() => mock.close());
  const callback = sdk.callbacks();
  const connected = nextCall(callback, 'onConnect');
  sdk.NandBoxClient.get({ URI: mock.credentials.nandbox.url }).connect(mock.credentials.nandbox.token, callback);
  const [api] = await connected;
  await mock.control.faults.add({ platform: 'nandbox', path: 'getUser', frame: 'drop', count: 1 });

  const closed = nextCall(callback, 'onClose');
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
