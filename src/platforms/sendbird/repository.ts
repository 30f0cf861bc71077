import type { Store } from '../../store/store.js';
import { USERS, type SendbirdUser } from './models.js';

export interface ScanResult {
  users: SendbirdUser[];
  /** Sequence number of the last returned user, when more matches follow it. */
  nextAfterSeq: number | undefined;
}

const SCAN_CHUNK = 500;

/** Sendbird's view of the store: users by id, and filtered scans in creation order. Sendbird users have no email. */
export class SendbirdRepository {
  constructor(private readonly store: Store) {}

  byId(userId: string): SendbirdUser | undefined {
    const record = this.store.get(USERS, userId);
    return record && (JSON.parse(record.data) as SendbirdUser);
  }

  /** Creates the user; false (and nothing written) when the id is taken. */
  insert(user: SendbirdUser): boolean {
    return this.store.insert(USERS, user.user_id, user);
  }

  /** Creates or replaces; a replaced user keeps its place in listing order. */
  put(user: SendbirdUser): void {
    this.store.put(USERS, user.user_id, user);
  }

  delete(userId: string): boolean {
    return this.store.delete(USERS, userId);
  }

  count(): number {
    return this.store.count(USERS);
  }

  page(offset: number, limit: number): SendbirdUser[] {
    return this.store.list(USERS, { offset, limit }).map((record) => JSON.parse(record.data) as SendbirdUser);
  }

  /** Up to `limit` users after `afterSeq` that pass `accept`, and whether another one follows. */
  scan(afterSeq: number, limit: number, accept: (user: SendbirdUser) => boolean): ScanResult {
    const users: SendbirdUser[] = [];
    let cursor = afterSeq;
    let lastSeq = afterSeq;
    for (;;) {
      const chunk = this.store.list(USERS, { afterSeq: cursor, limit: SCAN_CHUNK });
      for (const record of chunk) {
        const user = JSON.parse(record.data) as SendbirdUser;
        if (!accept(user)) continue;
        if (users.length === limit) return { users, nextAfterSeq: lastSeq };
        users.push(user);
        lastSeq = record.seq;
      }
      if (chunk.length < SCAN_CHUNK) return { users, nextAfterSeq: undefined };
      cursor = chunk[chunk.length - 1].seq;
    }
  }

}
