/**
 * Child-process entry of seedFresh: receives one SeedRequest, seeds the database file on its
 * own connection in one transaction, says so, and exits.
 */
import { SettingError, type SettingSource } from '../core/settings.js';
import { selectPlatforms } from '../platforms/index.js';
import { Store } from '../store/store.js';
import { seedStore } from './seed.js';
import type { SeedOptions } from './state.js';

export interface SeedRequest {
  /** Names; undefined: every platform. */
  platforms?: readonly string[];
  settings: SettingSource;
  options: SeedOptions;
  dbFile: string;
}

/** What the child answers: done, or why not (a bad platform setting is reported as such). */
export type SeedAnswer = { seeded: true } | { seeded: false; setting?: { setting: string; value: string; accepts: string }; message: string };

process.once('message', (message) => {
  let answer: SeedAnswer;
  try {
    const request = message as SeedRequest;
    const { platforms, settingsOf } = selectPlatforms(request.platforms, request.settings);
    const store = new Store(request.dbFile);
    try {
      seedStore(store, platforms, settingsOf, request.options);
    } finally {
      store.close();
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
