import { randomBytes, randomUUID } from 'node:crypto';
import { contradictions, storedPart } from '../../core/derived-fields.js';
import type { PlatformUsers } from '../../core/platform.js';
import { FieldChecker } from '../../core/validation.js';
import { hashPassword } from './auth.js';
import { USERS, USER_MODEL_FIELDS, type OpenWebUIUser } from './models.js';
import { isValidEmail } from './params.js';
import { OpenWebUIRepository } from './repository.js';
import type { OpenWebUISettings } from './settings.js';
import { derivedFields } from './wire.js';

/**
 * Control-API fields: UserModel's, plus the password (write-only), api_key and group_ids. Get-user's
 * `groups` and `is_active` are taken too, when they agree (wire.ts derivedFields).
 */
const FIELDS = [...USER_MODEL_FIELDS, 'password', 'api_key', 'group_ids'] as const;
const NULLABLE_STRINGS = [
  'username', 'profile_image_url', 'profile_banner_image_url', 'bio', 'gender', 'timezone', 'presence_state', 'status_emoji', 'status_message',
] as const;
const NULLABLE_OBJECTS = ['info', 'settings', 'oauth', 'scim'] as const;

/** The stored user without its password hash: what the control API shows. */
function visible(user: OpenWebUIUser): Omit<OpenWebUIUser, 'password_hash'> {
  const { password_hash: _hidden, ...rest } = user;
  return rest;
}

const isNullableObject = (value: unknown) => value === null || FieldChecker.object(value) !== undefined;
const isStringList = (value: unknown) => Array.isArray(value) && value.every((item) => typeof item === 'string');

/**
 * Open WebUI users for /__mock/platforms/openwebui/users, in UserModel's field names: the stored
 * shape, or a get-user answer or list entry as it is. A new user without a password gets
 * OPENWEBUI_USER_PASSWORD, the password of every generated user.
 */
export const openWebUIUsers: PlatformUsers<OpenWebUISettings> = {
  count: (store) => store.count(USERS),
  list: (store, page) => store.list(USERS, page).map((record) => visible(JSON.parse(record.data) as OpenWebUIUser)),
  get: (store, id) => {
    const user = new OpenWebUIRepository(store).byId(id);
    return user && visible(user);
  },
  delete: (store, id) => new OpenWebUIRepository(store).delete(id),
  put(store, id, body, nowMs, settings) {
    const users = new OpenWebUIRepository(store);
    const given = FieldChecker.object(body);
    if (!given) return { ok: false, errors: [{ field: '(body)', message: 'must be a JSON object' }] };
    const now = Math.floor(nowMs / 1000);
    const derived = derivedFields((groupId) => users.group(groupId), now);
    const fields = storedPart(given, derived);
    const existing = id === undefined ? undefined : users.byId(id);
    // A new user from a get-user answer: its groups are the only record of its memberships.
    const groupIds = Array.isArray(given.groups) ? given.groups.map((group) => FieldChecker.object(group)?.id) : undefined;
    if (!existing && fields.group_ids === undefined && groupIds?.every((groupId) => typeof groupId === 'string')) fields.group_ids = groupIds;
    const check = new FieldChecker(fields, FIELDS, "this platform's user")
      .string('id', false, /^[^/\s]{1,200}$/, 'a non-empty id without slashes or blanks')
      .string('email', !existing, /^[^@\s]+@[^@\s]+$/, 'an email address')
      .string('name', !existing, /\S/, 'a non-empty string')
      .string('role', false, /\S/, 'a role (admin, user or pending)')
      .string('password', false, /^[\s\S]{1,72}$/, 'a password of 1 to 72 characters')
      .custom('date_of_birth', (value) => value === null || (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)), 'a date YYYY-MM-DD or null')
      .nullableInteger('status_expires_at')
      .integer('last_active_at', false, 0)
      .integer('updated_at', false, 0)
      .integer('created_at', false, 0)
      .custom('api_key', (value) => value === null || (typeof value === 'string' && /^sk-[A-Za-z0-9_-]{8,}$/.test(value)), 'null or sk- followed by at least 8 characters')
      .custom('group_ids', isStringList, 'a list of group ids');
    for (const name of NULLABLE_STRINGS) check.nullableString(name);
    for (const name of NULLABLE_OBJECTS) check.custom(name, isNullableObject, 'an object or null');
    if (id !== undefined && fields.id !== undefined && fields.id !== id) check.add('id', 'must match the id in the path');
    if (typeof fields.email === 'string') {
      if (!isValidEmail(fields.email.toLowerCase())) check.add('email', 'is not an address Open WebUI accepts');
      const holder = users.byEmail(fields.email);
      if (holder && holder.id !== existing?.id) check.add('email', `is already used by user ${holder.id}`);
    }
    if (typeof fields.api_key === 'string') {
      const holder = users.byApiKey(fields.api_key);
      if (holder && holder.id !== existing?.id) check.add('api_key', 'is already used by another user');
    }
    if (check.errors.length > 0) return { ok: false, errors: check.errors };

    const { password = existing ? undefined : settings.userPassword, ...values } = fields as Partial<OpenWebUIUser> & { password?: string };
    const userId = existing?.id ?? id ?? (values.id as string | undefined) ?? randomUUID();
    // Defaults only for a new user: spread under an existing one, they would reorder its stored keys.
    const base = existing ?? {
      username: null, role: 'pending', profile_image_url: '/user.png', profile_banner_image_url: null, bio: null, gender: null,
      date_of_birth: null, timezone: null, presence_state: null, status_emoji: null, status_message: null, status_expires_at: null,
      info: null, settings: null, oauth: null, scim: null, last_active_at: now, updated_at: now, created_at: now, api_key: null, group_ids: [],
    };
    const user: OpenWebUIUser = {
      ...base,
      ...values,
      email: (values.email ?? existing?.email ?? '').toLowerCase(),
      id: userId,
      password_hash: password !== undefined ? hashPassword(password, randomBytes(8).toString('hex')) : existing!.password_hash,
    } as OpenWebUIUser;
    const contradicted = contradictions(given, user, derived);
    if (contradicted.length > 0) return { ok: false, errors: contradicted };
    users.put(user);
    return { ok: true, id: userId, created: !existing, user: visible(user) };
  },
};
