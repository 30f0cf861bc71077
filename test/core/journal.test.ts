/**
 * The journal holds one copy of a URL or header set that repeats from one request to the next: every
 * entry must still read back exactly what its own request sent.
 */
import t from 'tap';
import { ControllableClock } from '../../src/core/clock.js';
import { Journal, type JournalRecord } from '../../src/control/journal.js';

type Headers = JournalRecord['headers'];

function journalOf(capacity: number) {
  const clock = new ControllableClock();
  clock.freeze(Date.UTC(2026, 0, 1));
  const journal = new Journal(capacity, clock);
  const record = (url: string, headers: Headers) => {
    const query = Object.fromEntries(new URLSearchParams(url.split('?')[1] ?? ''));
    journal.record({ platform: 'zulip', method: 'GET', url, query, headers, body: undefined, bodyText: undefined, status: 200, responseTimeMs: 1, direction: undefined });
  };
  const read = () => journal.entries().sort((a, b) => a.id - b.id).map(({ path, query, headers }) => ({ path, query, headers }));
  return { record, read };
}

t.test('each entry reads back its own request, whether its URL and headers repeat the previous ones or not', async (t) => {
  const { record, read } = journalOf(100);
  const sent: Array<[string, Headers]> = [
    ['/api/v1/users/10', { host: 'a', accept: 'application/json' }],
    ['/api/v1/users/10', { host: 'a', accept: 'application/json' }],
    ['/api/v1/users/11', { host: 'a' }],
    ['/api/v1/users/11', { host: 'a', accept: 'application/json' }],
    ['/api/v1/users/11', { host: 'a', accept: 'text/html' }],
    ['/api/v1/users/11', { accept: 'text/html', host: 'a' }],
    ['/api/v1/users/11', { host: 'a', accept: 'text/html', 'x-extra': '' }],
    ['/api/v1/users/11', { host: 'a', accept: 'text/html' }],
    ['/api/v1/users/11', { host: 'a', 'x-list': ['x=1', 'y=2'] }],
    ['/api/v1/users/11', { host: 'a', 'x-list': ['x=1', 'y=3'] }],
    ['/api/v1/users/11', { host: 'a', other: undefined }],
    ['/api/v1/users/11', { host: 'a' }],
    ['/api/v1/users/11?client_gravatar=false', { host: 'a' }],
    ['/api/v1/users/11?client_gravatar=false', { host: 'a' }],
    ['/api/v1/users/11?client_gravatar=true', { host: 'a' }],
    ['/api/v1/users/11', { host: 'a' }],
  ];
  for (const [url, headers] of sent) record(url, { ...headers });
  const entries = read();
  t.same(entries, sent.map(([url, headers]) => ({ path: url.split('?')[0], query: Object.fromEntries(new URLSearchParams(url.split('?')[1] ?? '')), headers })));
  t.same(
    entries.map(({ headers }) => Object.keys(headers)),
    sent.map(([, headers]) => Object.keys(headers)),
    'the names in the order the request sent them',
  );
});

t.test('a journal of one entry, and the ring wrapping around, compare with the entry before', async (t) => {
  const single = journalOf(1);
  single.record('/a', { host: 'a' });
  single.record('/a', { host: 'b' });
  t.same(single.read(), [{ path: '/a', query: {}, headers: { host: 'b' } }]);

  const ring = journalOf(3);
  for (let i = 0; i < 7; i++) ring.record(`/p${i % 2}`, { host: i < 5 ? 'same' : `own-${i}` });
  t.same(ring.read(), [
    { path: '/p0', query: {}, headers: { host: 'same' } },
    { path: '/p1', query: {}, headers: { host: 'own-5' } },
    { path: '/p0', query: {}, headers: { host: 'own-6' } },
  ]);
});
