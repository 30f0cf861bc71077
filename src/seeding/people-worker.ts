/**
 * Worker-thread entry of generatePeopleInParallel: generates one contiguous range of people and
 * posts them back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { generatePeople } from './people.js';

const { seed, count, firstIndex } = workerData as { seed: number; count: number; firstIndex: number };
parentPort!.postMessage(generatePeople(seed, count, firstIndex));
