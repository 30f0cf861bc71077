/**
 * Seeding runs, in the calling thread, each in one transaction. Faker (about 190 ms to import) is reached
 * only through this module: import it dynamically, when there is seeding to do, so a start on a seeded
 * store skips it.
 */
import type { Platform } from '../core/platform.js';
import { BoundedMap } from '../core/bounded-map.js';
import type { Store, StoreContents } from '../store/store.js';
import { seedContext } from './context.js';
import { generatePeople, type Person } from './people.js';
import type { SeedProgress } from './progress.js';
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
  progress?: SeedProgress,
): void {
  for (const [index, platform] of platforms.entries()) {
    progress?.report(platform.name, index, platforms.length);
    platform.seed(seedContext(store, seed, platform.name, people, incremental), settingsOf(platform));
  }
}

/** Wipes the store and writes the platforms' seeded state, and what it was seeded with. */
function wipeAndSeed(store: Store, platforms: readonly Platform[], settingsOf: SettingsOf, options: SeedOptions, progress?: SeedProgress): void {
  const people = generatePeople(options.seed, options.users, 0, progress);
  store.clear();
  seedPlatforms(store, platforms, settingsOf, options.seed, people, false, progress);
  store.setMeta(SEEDED_KEY, JSON.stringify({ seed: options.seed, users: options.users }));
  store.setMeta(PEOPLE_KEY, String(options.users));
  progress?.finish();
}

/** Seedings up to this many users per platform are kept as templates (about 1 MB of objects for 50). */
const TEMPLATE_MAX_USERS = 1000;

/** What the four last fresh seedings of this process wrote, by what they were seeded with (seedOrRestore). */
export const processSeedTemplates = new BoundedMap<string, StoreContents>(4);

function templateKey(platforms: readonly Platform[], settingsOf: SettingsOf, options: SeedOptions): string {
  return JSON.stringify([options.seed, options.users, platforms.map((platform) => [platform.name, settingsOf(platform)])]);
}

/**
 * Copies what an earlier fresh seeding of the same platforms, settings, SEED and USERS wrote in this process
 * (a reset, a new tenant, the next startMockServer()), or seeds afresh and keeps that as the template. Seeding
 * is a pure function of those and leaves no gaps in insertion order, so a copy writes the very rows in the same
 * order. control.reset() 17.5 -> 4.2 ms (docs/performance.md#kept-mechanisms).
 */
function seedOrRestore(store: Store, platforms: readonly Platform[], settingsOf: SettingsOf, options: SeedOptions, progress: SeedProgress | undefined): void {
  const key = templateKey(platforms, settingsOf, options);
  const template = processSeedTemplates.get(key);
  if (template) return store.replaceContents(template);
  wipeAndSeed(store, platforms, settingsOf, options, progress);
  if (options.users <= TEMPLATE_MAX_USERS) processSeedTemplates.set(key, store.contents());
}

/** Wipes the store and writes every platform's seeded state, in one transaction. */
export function seedStore(store: Store, platforms: readonly Platform[], settingsOf: SettingsOf, options: SeedOptions, progress?: SeedProgress): void {
  store.transactionWhenWritable(() => seedOrRestore(store, platforms, settingsOf, options, progress));
}

/**
 * seedStore, unless the store is seeded already: the check and the seeding are one transaction, so of two
 * processes opening the same new file at once, one seeds it and the other waits, then finds it seeded.
 * Returns whether this call seeded.
 */
export function seedUnlessSeeded(
  store: Store,
  platforms: readonly Platform[],
  settingsOf: SettingsOf,
  options: SeedOptions,
  progress?: SeedProgress,
): boolean {
  return store.transactionWhenWritable(() => {
    if (seededWith(store)) return false;
    seedOrRestore(store, platforms, settingsOf, options, progress);
    return true;
  });
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
