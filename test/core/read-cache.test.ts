/**
 * The store's read cache as its readers see it: which views are shared, when a row enters the
 * cache (its second lookup), and that nothing a write changes is served from it; and SerializedOnce,
 * which keeps answers only for shared views.
 */
import Fastify from 'fastify';
import t from 'tap';
import { SerializedOnce } from '../../src/core/serialized-once.js';
import { Store } from '../../src/store/store.js';

const USERS = { platform: 'zulip', collection: 'users' } as const;

t.test('a row is shared from its second lookup on, until it is written', async (t) => {
  const store = new Store();
  t.teardown(() => store.close());
  store.put(USERS, '1', { name: 'first' });

  const once = store.view<{ name: string }>(USERS, '1')!;
  t.same(once, { name: 'first' });
  t.ok(Object.isFrozen(once), 'frozen, shared or not');
  t.notOk(store.isShared(once), 'the first lookup reads a view nobody else gets');

  const second = store.view<{ name: string }>(USERS, '1')!;
  t.not(second, once, 'the second lookup reads the row again');
  t.ok(store.isShared(second), 'and caches it');
  t.equal(store.view(USERS, '1'), second, 'later lookups get the same object');
  t.equal(store.get(USERS, '1'), store.get(USERS, '1'), 'and the same row');

  store.put(USERS, '1', { name: 'changed' });
  t.same(store.view(USERS, '1'), { name: 'changed' }, 'a write shows on the next lookup');
  t.not(store.view(USERS, '1'), second);
});

t.test('an id that does not exist stays absent once cached, and shows as soon as it is written', async (t) => {
  const store = new Store();
  t.teardown(() => store.close());
  for (let lookup = 0; lookup < 3; lookup++) t.equal(store.view(USERS, 'new'), undefined);
  t.ok(store.insert(USERS, 'new', { name: 'new' }));
  t.same(store.view(USERS, 'new'), { name: 'new' });
});

t.test('lookups of ever new ids cache none of them', async (t) => {
  const store = new Store();
  t.teardown(() => store.close());
  store.transaction(() => {
    for (let id = 0; id < 10_000; id++) store.put(USERS, String(id), { id });
  });
  let shared = 0;
  for (let id = 0; id < 10_000; id++) if (store.isShared(store.view(USERS, String(id))!)) shared++;
  t.equal(shared, 0);
  // Past the ids remembered as seen once (4,096), a second lookup is a first one again.
  t.notOk(store.isShared(store.view(USERS, '0')!), 'forgotten');
  t.ok(store.isShared(store.view(USERS, '9999')!), 'remembered');
});

t.test('SerializedOnce keeps the text of a shared view only', async (t) => {
  const store = new Store();
  t.teardown(() => store.close());
  store.put(USERS, '1', { name: 'Ada' });
  const app = Fastify();
  t.teardown(() => app.close());
  const texts = new SerializedOnce(store, 'application/json');
  let builds = 0;
  app.get(
    '/users/1',
    { schema: { response: { 200: { type: 'object', properties: { user: { type: 'object', properties: { name: { type: 'string' } } } } } } } },
    (_request, reply) => {
      const view = store.view<{ name: string }>(USERS, '1')!;
      return texts.send(reply, view, 0, () => {
        builds++;
        return { user: view };
      });
    },
  );
  const answers = [];
  for (let request = 0; request < 4; request++) answers.push(await app.inject('/users/1'));
  for (const answer of answers) {
    t.equal(answer.statusCode, 200);
    t.match(answer.headers['content-type'], /^application\/json/);
    t.equal(answer.body, '{"user":{"name":"Ada"}}');
  }
  t.equal(builds, 2, 'built for the view read once, and once for the cached view');
});

t.test('SerializedOnce builds the text of a view that is not shared on every send', async (t) => {
  const app = Fastify();
  t.teardown(() => app.close());
  const view = Object.freeze({ name: 'Ada' });
  let shared = false;
  const texts = new SerializedOnce({ isShared: () => shared }, 'application/json');
  let builds = 0;
  app.get('/', { schema: { response: { 200: { type: 'object', properties: { name: { type: 'string' } } } } } }, (_request, reply) =>
    texts.send(reply, view, 0, () => {
      builds++;
      return view;
    }),
  );
  for (let request = 0; request < 2; request++) t.equal((await app.inject('/')).body, '{"name":"Ada"}');
  t.equal(builds, 2, 'not kept');
  shared = true;
  for (let request = 0; request < 2; request++) t.equal((await app.inject('/')).body, '{"name":"Ada"}');
  t.equal(builds, 3, 'kept once shared');
});
