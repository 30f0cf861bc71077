/**
 * Child-process entry of seedFresh: receives one SeedRequest, seeds the database file on its
 * own connection in one transaction, says so, and exits.
 */
import { readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SettingError, type SettingSource } from '../core/settings.js';
import { selectPlatforms } from '../platforms/index.js';
import { Store, type StoreOptions } from '../store/store.js';
import { seedNewStore, seedStore } from './seed.js';
import type { SeedOptions } from './state.js';

export interface SeedRequest {
  /** Names; undefined: every platform. */
  platforms?: readonly string[];
  settings: SettingSource;
  options: SeedOptions;
  dbFile: string;
  /**
   * dbFile does not exist yet and nothing has it open: it is built under another name in bulk-load
   * mode and renamed into place once complete, so it only ever appears whole.
   */
  newFile?: boolean;
}

/** A new file is built as `<file>.seeding-<pid>` and renamed into place when complete. */
const BUILDING_SUFFIX = '.seeding-';

/** What the child answers: done, or why not (a bad platform setting is reported as such). */
export type SeedAnswer = { seeded: true } | { seeded: false; setting?: { setting: string; value: string; accepts: string }; message: string };

process.once('message', async (message) => {
  let answer: SeedAnswer;
  try {
    const request = message as SeedRequest;
    const { platforms, settingsOf } = selectPlatforms(request.platforms, request.settings);
    if (request.newFile) {
      await seedNewFile(request.dbFile, (store) => seedNewStore(store, platforms, { source: request.settings, of: settingsOf }, request.options));
    } else {
      // In place, in one transaction: readers of the open file see the old data until it commits.
      await seedFile(request.dbFile, {}, (store) => seedStore(store, platforms, settingsOf, request.options));
    }
    answer = { seeded: true };
  } catch (error) {
    answer =
      error instanceof SettingError
        ? { seeded: false, setting: { setting: error.setting, value: error.value, accepts: error.accepts }, message: error.message }
        : { seeded: false, message: error instanceof Error ? error.message : String(error) };
  }
  process.send!(answer, () => process.exit(0));
});

async function seedFile(dbFile: string, options: StoreOptions, seed: (store: Store) => Promise<void>): Promise<void> {
  const store = new Store(dbFile, options);
  try {
    await seed(store);
  } finally {
    store.close();
  }
}

/** Built under a name of its own, renamed into place when complete; a failure leaves no file behind. */
async function seedNewFile(dbFile: string, seed: (store: Store) => Promise<void>): Promise<void> {
  removeAbandonedBuilds(dbFile);
  const building = `${dbFile}${BUILDING_SUFFIX}${process.pid}`;
  rmSync(building, { force: true }); // this pid's own, from a process that had it before
  try {
    await seedFile(building, { bulkLoad: true }, async (store) => {
      await seed(store);
      store.completeBulkLoad();
    });
    renameSync(building, dbFile);
  } finally {
    rmSync(building, { force: true });
  }
}

/** What a seeding process killed mid-way left behind: `<file>.seeding-<pid>` files whose process is gone. */
function removeAbandonedBuilds(dbFile: string): void {
  const prefix = `${basename(dbFile)}${BUILDING_SUFFIX}`;
  let names: string[];
  try {
    names = readdirSync(dirname(dbFile));
  } catch {
    return; // no folder yet: nothing was left there
  }
  for (const name of names) {
    // `<file>.seeding-<pid>`, and the part a seeding thread writes beside it, `<file>.seeding-<pid>-platforms`.
    const pid = name.startsWith(prefix) ? Number(/^\d+/.exec(name.slice(prefix.length))?.[0]) : Number.NaN;
    if (Number.isSafeInteger(pid) && pid > 0 && !isRunning(pid)) rmSync(join(dirname(dbFile), name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, as another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
