import type { Store } from '../../store/store.js';
import { type NandboxUser, USERS } from './models.js';
import { DEFAULT_APP_ID } from './settings.js';

const DEFAULT_APP_META = 'nandbox:default_app_id';

/** Users created through the control API without an id get ids from here up, clear of the seeded ones. */
const CREATED_ID_BASE = 90089700000000000n;

/** nandbox's view of the store: users and bots by id and by email. */
export class NandboxRepository {
  constructor(private readonly store: Store) {}

  byId(id: string): NandboxUser | undefined {
    const record = this.store.get(USERS, id);
    return record && (JSON.parse(record.data) as NandboxUser);
  }

  byEmail(email: string): NandboxUser | undefined {
    const record = this.store.getByEmail(USERS, email);
    return record && (JSON.parse(record.data) as NandboxUser);
  }

  /** NANDBOX_APP_ID as of seeding: users created without app_ids belong to it. */
  defaultAppId(): string {
    return this.store.getMeta(DEFAULT_APP_META) ?? DEFAULT_APP_ID;
  }

  setDefaultAppId(appId: string): void {
    this.store.setMeta(DEFAULT_APP_META, appId);
  }

  put(user: NandboxUser): void {
    this.store.put(USERS, user.id, user, user.email ?? null);
  }

  delete(id: string): boolean {
    return this.store.delete(USERS, id);
  }

  /** A fresh 17-digit id (Longs exceed 2^53, hence BigInt). */
  nextCreatedId(): string {
    for (;;) {
      const id = String(CREATED_ID_BASE + BigInt(this.store.nextSequence('nandbox:created_user')));
      if (!this.byId(id)) return id;
    }
  }
}
