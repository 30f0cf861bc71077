import type { Store } from '../../store/store.js';
import { API_KEYS, REALM, USERS, type ZulipRealm, type ZulipUser } from './models.js';

const REALM_ID = 'realm';

/** Zulip's view of the store: users by id, by API key and by email, and the realm. */
export class ZulipRepository {
  constructor(private readonly store: Store) {}

  byId(userId: number): ZulipUser | undefined {
    const record = this.store.get(USERS, String(userId));
    return record && (JSON.parse(record.data) as ZulipUser);
  }

  byApiKey(apiKey: string): ZulipUser | undefined {
    const record = this.store.get(API_KEYS, apiKey);
    return record && this.byId((JSON.parse(record.data) as { user_id: number }).user_id);
  }

  /** Case-insensitive match on the real (delivery) email. */
  byEmail(email: string): ZulipUser | undefined {
    const record = this.store.getByEmail(USERS, email);
    return record && (JSON.parse(record.data) as ZulipUser);
  }

  all(): ZulipUser[] {
    return this.store.list(USERS).map((record) => JSON.parse(record.data) as ZulipUser);
  }

  realm(): ZulipRealm {
    const record = this.store.get(REALM, REALM_ID);
    return record ? (JSON.parse(record.data) as ZulipRealm) : { name: 'Zulip', deactivated: false };
  }

  putRealm(realm: ZulipRealm): void {
    this.store.put(REALM, REALM_ID, realm);
  }

  /**
   * Writes a user and keeps the API-key index in step, atomically. `isNew`: the id is known to be
   * free (generated users), so there is no stored key to replace and no lookup to make.
   */
  put(user: ZulipUser, isNew = false): void {
    this.store.transaction(() => {
      const previous = isNew ? undefined : this.byId(user.user_id);
      if (previous && previous.api_key !== user.api_key) this.store.delete(API_KEYS, previous.api_key);
      this.store.put(USERS, String(user.user_id), user, user.email);
      this.store.put(API_KEYS, user.api_key, { user_id: user.user_id });
    });
  }

  delete(userId: number): boolean {
    return this.store.transaction(() => {
      const previous = this.byId(userId);
      if (!previous) return false;
      this.store.delete(API_KEYS, previous.api_key);
      return this.store.delete(USERS, String(userId));
    });
  }

  /** The next id of the sequence that no user holds: /__mock can also write a user under an id of its choosing. */
  nextUserId(): number {
    let userId = this.store.nextSequence('zulip:user_id');
    while (this.byId(userId)) userId = this.store.nextSequence('zulip:user_id');
    return userId;
  }
}
