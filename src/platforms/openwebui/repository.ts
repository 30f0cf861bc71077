import type { Store } from '../../store/store.js';
import { API_KEYS, CHATS, GROUPS, SIGNUP_DISABLED_META, USERS, type OpenWebUIChat, type OpenWebUIGroup, type OpenWebUIUser } from './models.js';

/** Open WebUI's view of the store: users (by id, email, API key), groups and chats. */
export class OpenWebUIRepository {
  constructor(private readonly store: Store) {}

  byId(id: string): OpenWebUIUser | undefined {
    const record = this.store.get(USERS, id);
    return record && (JSON.parse(record.data) as OpenWebUIUser);
  }

  /** Emails are stored lower-cased, as Open WebUI does; the lookup is case-insensitive anyway. */
  byEmail(email: string): OpenWebUIUser | undefined {
    const record = this.store.getByEmail(USERS, email);
    return record && (JSON.parse(record.data) as OpenWebUIUser);
  }

  byApiKey(apiKey: string): OpenWebUIUser | undefined {
    const record = this.store.get(API_KEYS, apiKey);
    return record && this.byId((JSON.parse(record.data) as { user_id: string }).user_id);
  }

  /** Every user in insertion order (SQLite's natural order, which the list endpoint keeps, docs/platforms/openwebui.md#list-and-search-users). */
  all(): OpenWebUIUser[] {
    return this.store.list(USERS).map((record) => JSON.parse(record.data) as OpenWebUIUser);
  }

  count(): number {
    return this.store.count(USERS);
  }

  /** The primary admin: the first account created (Users.get_first_user), here the first stored. */
  firstUserId(): string | undefined {
    return this.store.list(USERS, { limit: 1 })[0]?.id;
  }

  /**
   * Writes a user and keeps the API-key index in step, atomically. `isNew`: the id is known to be
   * free (generated users), so there is no stored key to replace and no lookup to make.
   */
  put(user: OpenWebUIUser, isNew = false): void {
    this.store.transaction(() => {
      const previous = isNew ? undefined : this.byId(user.id);
      if (previous?.api_key && previous.api_key !== user.api_key) this.store.delete(API_KEYS, previous.api_key);
      this.store.put(USERS, user.id, user, user.email);
      if (user.api_key) this.store.put(API_KEYS, user.api_key, { user_id: user.id });
    });
  }

  /** Records activity: only last_active_at changes (Users.update_last_active_by_id). */
  touch(user: OpenWebUIUser, at: number): void {
    this.store.put(USERS, user.id, { ...user, last_active_at: at }, user.email);
  }

  /** Deletes the user with its API key and chats (Auths.delete_auth_by_id); false when there was none. */
  delete(id: string): boolean {
    return this.store.transaction(() => {
      const previous = this.byId(id);
      if (!previous) return false;
      if (previous.api_key) this.store.delete(API_KEYS, previous.api_key);
      for (const record of this.store.list(CHATS)) {
        if ((JSON.parse(record.data) as OpenWebUIChat).user_id === id) this.store.delete(CHATS, record.id);
      }
      return this.store.delete(USERS, id);
    });
  }

  group(id: string): OpenWebUIGroup | undefined {
    const record = this.store.get(GROUPS, id);
    return record && (JSON.parse(record.data) as OpenWebUIGroup);
  }

  putGroup(group: OpenWebUIGroup): void {
    this.store.put(GROUPS, group.id, group);
  }

  chat(id: string): OpenWebUIChat | undefined {
    const record = this.store.get(CHATS, id);
    return record && (JSON.parse(record.data) as OpenWebUIChat);
  }

  putChat(chat: OpenWebUIChat): void {
    this.store.put(CHATS, chat.id, chat);
  }

  signupDisabled(): boolean {
    return this.store.getMeta(SIGNUP_DISABLED_META) === '1';
  }

  disableSignup(): void {
    this.store.setMeta(SIGNUP_DISABLED_META, '1');
  }
}
