/** Many bots at once: independent connections, no head-of-line blocking, cleanup on close. */
import t from 'tap';
import { gatewayOf } from '../../src/platforms/nandbox/gateway.js';
import { FrameClient, RESTRICTED_TOKEN, SHAWMI_ID, TOKEN, startNandbox } from './support.js';

const CONNECTIONS = 200;

async function until(condition: () => boolean, ms = 3000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

t.test(`${CONNECTIONS} concurrent authenticated connections each get their own correct answer`, async (t) => {
  const { wsUrl, app } = await startNandbox(t, { users: CONNECTIONS });
  const { nandbox } = await import('../../src/platforms/nandbox/index.js');
  const people = (nandbox.users.list(app.mock.store, { offset: 0, limit: 10_000 }) as Array<{ id: string; name: string; is_bot: boolean }>).filter(
    (user) => !user.is_bot,
  );
  t.ok(people.length >= CONNECTIONS, 'enough seeded users');

  const clients = await Promise.all(
    Array.from({ length: CONNECTIONS }, (_, index) => FrameClient.authenticated(wsUrl, index % 10 === 9 ? RESTRICTED_TOKEN : TOKEN)),
  );
  const gateway = gatewayOf(app.server)!;
  t.equal(gateway.sessions.size, CONNECTIONS, 'one session per connection');

  const answers = await Promise.all(
    clients.map((client, index) => client.call({ method: 'getUser', user_id: people[index].id, reference: `ref-${index}` }, 10_000)),
  );
  let correct = 0;
  answers.forEach((answer, index) => {
    const expected =
      index % 10 === 9
        ? { error: 160017, reference: `ref-${index}` }
        : { method: 'userDetails', reference: `ref-${index}`, user: { id: people[index].id, name: people[index].name } };
    if (t.match(answer, expected, `connection ${index}`, { diagnostic: false })) correct++;
  });
  t.equal(correct, CONNECTIONS);

  for (const client of clients) client.close();
  t.ok(await until(() => gateway.sessions.size === 0), 'closed sockets are cleaned up');
});

t.test('a client that reads nothing holds nobody up; a dropped client is cleaned up', async (t) => {
  const { wsUrl, app } = await startNandbox(t);
  const gateway = gatewayOf(app.server)!;
  const stalled = await FrameClient.authenticated(wsUrl);
  // Stop reading from the TCP socket, then flood requests: its replies pile up on the server side only.
  (stalled.socket as unknown as { _socket: { pause(): void } })._socket.pause();
  for (let i = 0; i < 500; i++) stalled.send({ method: 'getUser', user_id: SHAWMI_ID, reference: i });
  const other = await FrameClient.authenticated(wsUrl);
  const started = Date.now();
  for (let i = 0; i < 20; i++) t.match(await other.call({ method: 'getUser', user_id: SHAWMI_ID, reference: i }), { reference: i }, `reply ${i}`, { diagnostic: false });
  t.ok(Date.now() - started < 2000, 'the other client is served promptly');

  const dropped = await FrameClient.authenticated(wsUrl);
  t.equal(gateway.sessions.size, 3);
  dropped.socket.terminate();
  t.ok(await until(() => gateway.sessions.size === 2), 'a connection reset removes its session');
  stalled.socket.terminate();
  other.close();
  t.ok(await until(() => gateway.sessions.size === 0));
});
