/**
 * Worker-thread entry of seedNewStore: seeds the platforms it is given into a new database file of its
 * own, in one transaction, and says so.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { selectPlatforms } from '../platforms/index.js';
import { Store } from '../store/store.js';
import { type PlatformWorkerData, seedPlatforms } from './seed.js';

const { names, source, seed, people, file } = workerData as PlatformWorkerData;
const { platforms, settingsOf } = selectPlatforms(names, source);
const store = new Store(file, { bulkLoad: true });
try {
  store.transaction(() => seedPlatforms(store, platforms, settingsOf, seed, people));
} finally {
  store.close();
}
parentPort!.postMessage('seeded');
