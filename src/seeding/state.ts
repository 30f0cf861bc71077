import type { Store } from '../store/store.js';

/** What the store was seeded with; kept apart from the seeders so reading it does not load faker. */
export interface SeedOptions {
  seed: number;
  users: number;
}

export const SEEDED_KEY = 'seeded';
/** How many generated people exist so far (POST /__mock/seed continues from there). */
export const PEOPLE_KEY = 'people';

/** Which seed the store holds, or undefined when it was never seeded. */
export function seededWith(store: Store): SeedOptions | undefined {
  const raw = store.getMeta(SEEDED_KEY);
  return raw ? (JSON.parse(raw) as SeedOptions) : undefined;
}
