/**
 * Seeding probe (a separate process, built code): seeds USERS generated people into a
 * new SQLite file opened in bulk-load mode, as the server seeds a database file that does
 * not exist yet, timing the people generation and each platform's seeder, inside one
 * transaction, as seedStore does (people on two threads from 20,000 on). Prints one JSON line:
 * {"users", "peopleMs", "platforms": {"zulip": ms, ...}, "totalMs", "records"}.
 * Usage: node bench/seed-probe.mjs <users> <db file>
 */
import { performance } from 'node:perf_hooks';

const users = Number(process.argv[2] ?? 1000);
const dbPath = process.argv[3] ?? ':memory:';
const dist = new URL('../dist/', import.meta.url);
const { Store } = await import(new URL('store/store.js', dist).href);
const { platforms } = await import(new URL('platforms/index.js', dist).href);
const { Settings } = await import(new URL('core/settings.js', dist).href);
const { generatePeopleInParallel } = await import(new URL('seeding/people.js', dist).href);
const { seedContext } = await import(new URL('seeding/context.js', dist).href);

const store = new Store(dbPath, { bulkLoad: true });
const settings = new Settings({});
const started = performance.now();
const people = await generatePeopleInParallel(42, users);
const peopleMs = performance.now() - started;
const timings = {};
store.transaction(() => {
  store.clear();
  for (const platform of platforms) {
    const t0 = performance.now();
    platform.seed(seedContext(store, 42, platform.name, people, false), platform.readSettings(settings));
    timings[platform.name] = performance.now() - t0;
  }
  store.setMeta('seeded', JSON.stringify({ seed: 42, users }));
  store.setMeta('people', String(users));
});
store.completeBulkLoad();
const totalMs = performance.now() - started;
const records = Object.keys(timings).reduce((n, name) => n + store.count({ platform: name, collection: 'users' }), 0);
store.close();
process.stdout.write(`${JSON.stringify({ users, peopleMs, platforms: timings, totalMs, records })}\n`);
