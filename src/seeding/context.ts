import type { Faker } from '@faker-js/faker';
import { readFileSync } from 'node:fs';
import { packageFile } from '../core/package-files.js';
import type { Store } from '../store/store.js';
import { type Person, REFERENCE_DATE, seededFaker } from './people.js';

/** What a platform's seeder receives. Everything in it is a pure function of SEED and USERS. */
export interface SeedContext {
  store: Store;
  seed: number;
  /** The generated people this platform should create accounts for. */
  people: readonly Person[];
  /** A faker seeded for this platform alone, so platforms do not disturb each other's draws. */
  faker: Faker;
  referenceDate: Date;
  /** True when these people are added on top of an existing store (POST /__mock/seed), not a fresh seed. */
  incremental: boolean;
  /** Reads seeds/<name>.json: the users of the platform's public doc examples. */
  fixture<T>(name: string): T;
}

const seedsFolder = packageFile('seeds/');

export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`${name}.json`, seedsFolder), 'utf8')) as T;
}

export function seedContext(store: Store, seed: number, platform: string, people: readonly Person[], incremental: boolean): SeedContext {
  const stream = incremental ? `${platform}:${people[0]?.index ?? 0}` : platform;
  return {
    store,
    seed,
    people,
    faker: seededFaker(seed, stream),
    referenceDate: REFERENCE_DATE,
    incremental,
    fixture: readFixture,
  };
}
