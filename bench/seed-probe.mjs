/**
 * Seeding probe (a separate process, built code). Seeds USERS generated people into a new SQLite file
 * opened in bulk-load mode, as the seeding child process builds a database file that does not exist
 * yet: seedNewStore (people on two threads from 20,000 on, the later platforms on a second thread),
 * then the email index. That is `totalMs`. Then, for the breakdown, the same on a second file one
 * platform after another on one thread, each platform timed. Prints one JSON line:
 * {"users", "totalMs", "peopleMs", "platforms": {"zulip": ms, ...}, "records"}.
 * Usage: node bench/seed-probe.mjs <users> <db file>
 */
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const users = Number(process.argv[2] ?? 1000);
const dbPath = process.argv[3] ?? ':memory:';
const dist = new URL('../dist/', import.meta.url);
const { Store } = await import(new URL('store/store.js', dist).href);
const { selectPlatforms } = await import(new URL('platforms/index.js', dist).href);
const { generatePeopleInParallel } = await import(new URL('seeding/people.js', dist).href);
const { seedNewStore, seedPlatforms } = await import(new URL('seeding/seed.js', dist).href);

const { platforms, settingsOf } = selectPlatforms(undefined, {});
const options = { seed: 42, users };

let started = performance.now();
const store = new Store(dbPath, { bulkLoad: true });
await seedNewStore(store, platforms, { source: {}, of: settingsOf }, options);
store.completeBulkLoad();
const totalMs = performance.now() - started;
const records = platforms.reduce((n, platform) => n + store.count({ platform: platform.name, collection: 'users' }), 0);
store.close();

const breakdownPath = dbPath === ':memory:' ? dbPath : `${dbPath}-breakdown`;
const oneThread = new Store(breakdownPath, { bulkLoad: true });
started = performance.now();
const people = await generatePeopleInParallel(options.seed, users);
const peopleMs = performance.now() - started;
const timings = {};
oneThread.transaction(() => {
  for (const platform of platforms) {
    const t0 = performance.now();
    seedPlatforms(oneThread, [platform], settingsOf, options.seed, people);
    timings[platform.name] = performance.now() - t0;
  }
});
oneThread.close();
if (breakdownPath !== ':memory:') rmSync(breakdownPath, { force: true });
process.stdout.write(`${JSON.stringify({ users, totalMs, peopleMs, platforms: timings, records })}\n`);
