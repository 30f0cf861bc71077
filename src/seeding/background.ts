import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { packageModule } from '../core/package-files.js';
import type { Platform } from '../core/platform.js';
import { SettingError, type SettingSource } from '../core/settings.js';
import type { Store } from '../store/store.js';
import type { SeedOptions } from './state.js';
import type { SeedAnswer, SeedRequest } from './seeder.js';

/** seeder.js when built; seeder.ts when run from source, where the child inherits tsx's --import like every flag. */
const SEEDER_ENTRY = packageModule('seeding/seeder');

/**
 * Wipes the store and seeds it (seedStore). A database file is seeded by a short-lived child
 * process on its own connection, so faker, its locale data and the heap that seeding grows are
 * given back whole when it exits (a worker thread's native memory is not: idle RSS 104 against
 * 92 MB). An in-memory store cannot be shared: it is seeded here (tests and in-process use,
 * where start-up time matters more than memory).
 */
export async function seedFresh(
  store: Store,
  platforms: readonly Platform[],
  settings: { source: SettingSource; of: (platform: Platform) => unknown },
  options: SeedOptions,
): Promise<void> {
  if (store.inMemory) {
    const { seedStore } = await import('./seed.js');
    return seedStore(store, platforms, settings.of, options);
  }
  await seedOpenFile(store, { platforms: platforms.map((platform) => platform.name), settings: { ...settings.source }, options });
}

/** Seeds the file `store` has open, in place, from a child process. */
export async function seedOpenFile(store: Store, request: Omit<SeedRequest, 'dbFile' | 'newFile'>): Promise<void> {
  await seedFileInChildProcess(store.path, request);
}

/** Seeds a database file from a short-lived child process (see seedFresh); resolves once it is written. */
export async function seedFileInChildProcess(dbFile: string, request: Omit<SeedRequest, 'dbFile'>): Promise<void> {
  const seeder = fork(fileURLToPath(SEEDER_ENTRY), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const finished = new Promise<void>((resolve, reject) => {
    seeder.once('message', (answer: SeedAnswer) => {
      if (answer.seeded) return resolve();
      const { setting } = answer;
      reject(setting ? new SettingError(setting.setting, setting.value, setting.accepts) : new Error(`seeding failed: ${answer.message}`));
    });
    seeder.once('error', reject);
    seeder.once('exit', (code, signal) => reject(new Error(`the seeding process stopped (${signal ?? `exit code ${code}`}) before it finished`)));
  });
  seeder.send({ ...request, dbFile } satisfies SeedRequest);
  await finished;
}
