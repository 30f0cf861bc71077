/**
 * Seeding runs. Faker (about 190 ms to import) is reached only through this module:
 * import it dynamically, when there is seeding to do, so a start on a seeded store skips it.
 */
import type { Platform } from '../core/platform.js';
import type { Store } from '../store/store.js';
import { seedContext } from './context.js';
import { generatePeople, generatePeopleInParallel } from './people.js';
import { PEOPLE_KEY, SEEDED_KEY, type SeedOptions, seededWith } from './state.js';

type SettingsOf = (platform: Platform) => unknown;

/** Wipes the store and writes every platform's seeded state in one transaction. */
export async function seedStore(store: Store, platforms: readonly Platform[], settingsOf: SettingsOf, options: SeedOptions): Promise<void> {
  const people = await generatePeopleInParallel(options.seed, options.users);
  store.transaction(() => {
    store.clear();
    for (const platform of platforms) {
      platform.seed(seedContext(store, options.seed, platform.name, people, false), settingsOf(platform));
    }
    store.setMeta(SEEDED_KEY, JSON.stringify({ seed: options.seed, users: options.users }));
    store.setMeta(PEOPLE_KEY, String(options.users));
  });
}

/** Adds `count` more generated people to the given platforms, continuing the same deterministic sequence. */
export function seedMore(store: Store, platforms: readonly Platform[], settingsOf: SettingsOf, count: number): number {
  const seed = seededWith(store)?.seed ?? 0;
  return store.transaction(() => {
    const firstIndex = Number(store.getMeta(PEOPLE_KEY) ?? 0);
    const people = generatePeople(seed, count, firstIndex);
    for (const platform of platforms) {
      platform.seed(seedContext(store, seed, platform.name, people, true), settingsOf(platform));
    }
    store.setMeta(PEOPLE_KEY, String(firstIndex + count));
    return people.length;
  });
}
