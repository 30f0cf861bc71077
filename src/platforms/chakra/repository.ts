import type { Store } from '../../store/store.js';
import { CONFIG, USERS, type ChakraConfig, type ChakraUser } from './models.js';
import { canonicalUser } from './wire.js';

const CONFIG_ID = 'config';

/** Chakra's view of the store: users by id (raw v1 JSON or parsed) and the team config. */
export class ChakraRepository {
  constructor(private readonly store: Store) {}

  /** The stored v1 JSON text, for sending without a parse/stringify round trip. */
  rawById(userId: string): string | undefined {
    return this.store.get(USERS, userId)?.data;
  }

  byId(userId: string): ChakraUser | undefined {
    const record = this.store.get(USERS, userId);
    return record && (JSON.parse(record.data) as ChakraUser);
  }

  all(): ChakraUser[] {
    return this.store.list(USERS).map((record) => JSON.parse(record.data) as ChakraUser);
  }

  /** Stores the user in the v1 wire order; its primary address is the indexed email (control API lookups). */
  put(user: ChakraUser): void {
    this.store.put(USERS, user.id, canonicalUser(user), user.primaryEmail?.normalizedEmail ?? null);
  }

  /** The stored config JSON text (lets callers reuse what they derived from an unchanged config). */
  rawConfig(): string | undefined {
    return this.store.get(CONFIG, CONFIG_ID)?.data;
  }

  config(): ChakraConfig | undefined {
    const raw = this.rawConfig();
    return raw === undefined ? undefined : (JSON.parse(raw) as ChakraConfig);
  }

  putConfig(config: ChakraConfig): void {
    this.store.put(CONFIG, CONFIG_ID, config);
  }

  /** Ids for users and emails the control API creates without one: 00000000-0000-4000-8000-<n in hex>. */
  nextId(): string {
    const n = this.store.nextSequence('chakra:id');
    return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
  }

  /** Deletes a user and drops its id from every reportees list, atomically. */
  deleteUser(userId: string): boolean {
    return this.store.transaction(() => {
      if (!this.store.delete(USERS, userId)) return false;
      for (const user of this.all()) {
        if (user.reportees.includes(userId)) this.put({ ...user, reportees: user.reportees.filter((id) => id !== userId) });
      }
      return true;
    });
  }
}
