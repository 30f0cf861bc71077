/**
 * Seeding runs. Faker (about 190 ms to import) is reached only through this module:
 * import it dynamically, when there is seeding to do, so a start on a seeded store skips it.
 */
import { rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { packageModule } from '../core/package-files.js';
import type { Platform } from '../core/platform.js';
import type { SettingSource } from '../core/settings.js';
import type { Store } from '../store/store.js';
import { seedContext } from './context.js';
import { generatePeople, generatePeopleInParallel, type Person } from './people.js';
import { PEOPLE_KEY, SEEDED_KEY, type SeedOptions, seededWith } from './state.js';

type SettingsOf = (platform: Platform) => unknown;

/**
 * Each platform's seeder in turn: the rows of one platform follow those of the one before. `incremental`:
 * the people are added to a seeded store (seedMore), not seeded afresh.
 */
export function seedPlatforms(
  store: Store,
  platforms: readonly Platform[],
  settingsOf: SettingsOf,
  seed: number,
  people: readonly Person[],
  incremental = false,
): void {
  for (const platform of platforms) platform.seed(seedContext(store, seed, platform.name, people, incremental), settingsOf(platform));
}

/** Wipes the store and writes the platforms' seeded state, and what it was seeded with, in one transaction. */
function wipeAndSeed(store: Store, platforms: readonly Platform[], settingsOf: SettingsOf, options: SeedOptions, people: readonly Person[]): void {
  store.transaction(() => {
    store.clear();
    seedPlatforms(store, platforms, settingsOf, options.seed, people);
    store.setMeta(SEEDED_KEY, JSON.stringify({ seed: options.seed, users: options.users }));
    store.setMeta(PEOPLE_KEY, String(options.users));
  });
}

/** Wipes the store and writes every platform's seeded state in one transaction. */
export async function seedStore(store: Store, platforms: readonly Platform[], settingsOf: SettingsOf, options: SeedOptions): Promise<void> {
  wipeAndSeed(store, platforms, settingsOf, options, await generatePeopleInParallel(options.seed, options.users));
}

/**
 * From this many people on, seedNewStore seeds the later platforms on a second thread: a new file of 20,000 took
 * 1.8 instead of 2.1 s, one of 5,000 0.66 instead of 0.62 s (starting the thread costs more than it saves).
 */
export const SPLIT_FROM = 20_000;

/** What the worker thread of seedNewStore is given (platform-worker.ts). */
export interface PlatformWorkerData {
  names: string[];
  source: SettingSource;
  seed: number;
  people: readonly Person[];
  file: string;
}

/**
 * seedStore for a store in a new file that nobody reads until it is complete (bulk load, renamed into
 * place: seeder.ts). From `splitFrom` people on, a worker thread seeds the later half of the platforms
 * into a file of its own while this thread seeds the first half; its rows are then appended in their
 * order, so every row gets the seq it has when the platforms are seeded one after another, and the data
 * is seedStore's (test/core/seeding-split.test.ts). Platforms draw from faker streams of their own and
 * read only their own records, which is what lets them run apart. Two transactions, not one: for a new
 * file only, whose rename is what makes seeding all or nothing.
 */
export async function seedNewStore(
  store: Store,
  platforms: readonly Platform[],
  settings: { source: SettingSource; of: SettingsOf },
  options: SeedOptions,
  splitFrom = SPLIT_FROM,
): Promise<void> {
  const people = await generatePeopleInParallel(options.seed, options.users);
  const workerEntry = packageModule('seeding/platform-worker');
  // Run from source (tsx), a worker thread could not load the TypeScript entry: one thread does it all.
  const apart = people.length >= splitFrom && !store.inMemory && !workerEntry.pathname.endsWith('.ts');
  const split = apart ? Math.ceil(platforms.length / 2) : platforms.length;
  const later = platforms.slice(split);
  const elsewhere =
    later.length === 0
      ? undefined
      : seedInWorker(workerEntry, {
          names: later.map((platform) => platform.name),
          source: settings.source,
          seed: options.seed,
          people,
          file: `${store.path}-platforms`,
        });
  try {
    wipeAndSeed(store, platforms.slice(0, split), settings.of, options, people);
    if (elsewhere) store.appendFrom(await elsewhere.seeded);
  } finally {
    await elsewhere?.stop();
  }
}

/** Starts the worker on a file of its own (emptied first); `stop` ends it and removes the file. */
function seedInWorker(entry: URL, data: PlatformWorkerData): { seeded: Promise<string>; stop: () => Promise<void> } {
  rmSync(data.file, { force: true });
  const worker = new Worker(entry, { workerData: data });
  const seeded = new Promise<string>((resolve, reject) => {
    worker.once('message', () => resolve(data.file));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the platform seeding thread stopped (exit code ${code}) before it finished`)));
  });
  // Awaited once this thread's part is written; until then a failure must not count as unhandled.
  seeded.catch(() => {});
  const stop = async () => {
    await worker.terminate();
    rmSync(data.file, { force: true });
  };
  return { seeded, stop };
}

/** Adds `count` more generated people to the given platforms, continuing the same deterministic sequence. */
export function seedMore(store: Store, platforms: readonly Platform[], settingsOf: SettingsOf, count: number): number {
  const seed = seededWith(store)?.seed ?? 0;
  return store.transaction(() => {
    const firstIndex = Number(store.getMeta(PEOPLE_KEY) ?? 0);
    const people = generatePeople(seed, count, firstIndex);
    seedPlatforms(store, platforms, settingsOf, seed, people, true);
    store.setMeta(PEOPLE_KEY, String(firstIndex + count));
    return people.length;
  });
}
