import { contradictions, storedPart } from '../../core/derived-fields.js';
import type { PlatformUsers } from '../../core/platform.js';
import { FieldChecker } from '../../core/validation.js';
import type { Store } from '../../store/store.js';
import { ROLES, USERS, VISIBILITY, type ZulipUser } from './models.js';
import { ZulipRepository } from './repository.js';
import { minuteIso } from './seed.js';
import type { ZulipSettings } from './settings.js';
import { derivedFields, dummyEmailPattern } from './wire.js';

const FIELDS = [
  'user_id', 'email', 'full_name', 'role', 'timezone', 'date_joined', 'is_active', 'api_key',
  'email_address_visibility', 'avatar_source', 'avatar_version', 'profile_data', 'bot_type', 'bot_owner_id', 'max_message_id',
  'is_imported_stub', 'is_deleted',
] as const;

const isProfileData = (value: unknown) =>
  FieldChecker.object(value) !== undefined &&
  Object.entries(value as object).every(
    ([key, entry]) =>
      /^[0-9]+$/.test(key) &&
      FieldChecker.object(entry) !== undefined &&
      typeof (entry as { value?: unknown }).value === 'string' &&
      ['undefined', 'string'].includes(typeof (entry as { rendered_value?: unknown }).rendered_value),
  );

/**
 * Zulip users for the control API, in the stored shape (Zulip's field names; `email` is the real address),
 * or as get-user and get-users return them: `email` may then be the dummy API address, and the derived
 * fields (role flags, is_bot, delivery_email, avatar_url) must agree with the stored ones.
 */
export const zulipUsers: PlatformUsers<ZulipSettings> = {
  count: (store) => store.count(USERS),
  list: (store: Store, page) => store.list(USERS, page).map((record) => JSON.parse(record.data) as ZulipUser),
  get: (store, id) => (/^[0-9]+$/.test(id) ? new ZulipRepository(store).byId(Number(id)) : undefined),
  delete: (store, id) => /^[0-9]+$/.test(id) && new ZulipRepository(store).delete(Number(id)),
  put(store, id, body, now, settings) {
    const users = new ZulipRepository(store);
    const given = FieldChecker.object(body);
    if (!given) return { ok: false, errors: [{ field: '(body)', message: 'must be a JSON object' }] };
    if (id !== undefined && !/^[0-9]{1,15}$/.test(id)) return { ok: false, errors: [{ field: 'user_id', message: 'must be a positive integer' }] };
    const existing = id === undefined ? undefined : users.byId(Number(id));
    const dummyEmailGiven = typeof given.email === 'string' && dummyEmailPattern(settings.fakeEmailDomain).test(given.email);
    const derived = derivedFields(settings.fakeEmailDomain, dummyEmailGiven);
    const fields = storedPart(given, derived);
    // A new user from a body whose email is the dummy one: its real address is delivery_email, if the caller saw it.
    if (!existing && dummyEmailGiven && typeof given.delivery_email === 'string') fields.email = given.delivery_email;
    const check = new FieldChecker(fields, FIELDS, "this platform's user")
      .integer('user_id', false, 1)
      .string('email', !existing, /^[^@\s]+@[^@\s]+$/, 'an email address')
      .string('full_name', !existing, /\S/, 'a non-empty string')
      .oneOf('role', ROLES)
      .string('timezone')
      .string('date_joined', false, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}\+00:00$/, 'ISO 8601 at minute precision, e.g. 2019-10-20T07:50+00:00')
      .boolean('is_active')
      .string('api_key', false, /^[A-Za-z0-9]{32}$/, '32 letters and digits')
      .oneOf('email_address_visibility', Object.values(VISIBILITY))
      .oneOf('avatar_source', ['G', 'U'])
      .integer('avatar_version', false, 1)
      .custom('profile_data', isProfileData, 'an object of {"<field id>": {"value": string, "rendered_value"?: string}}')
      .oneOf('bot_type', [1, 2, 3, 4])
      .nullableInteger('bot_owner_id')
      .integer('max_message_id', false, -1)
      .boolean('is_imported_stub')
      .boolean('is_deleted');
    if (id !== undefined && fields.user_id !== undefined && String(fields.user_id) !== id) check.add('user_id', 'must match the id in the path');
    // Deleted users are a subset of deactivated ones (zulip.yaml, User.is_deleted).
    if ((fields.is_deleted ?? existing?.is_deleted) === true && (fields.is_active ?? existing?.is_active) !== false) {
      check.add('is_deleted', 'needs is_active false: deleted users are deactivated ones');
    }
    const email = fields.email as string | undefined;
    if (typeof email === 'string') {
      const holder = users.byEmail(email);
      if (holder && holder.user_id !== existing?.user_id) check.add('email', `is already used by user ${holder.user_id}`);
    }
    const apiKey = fields.api_key as string | undefined;
    if (typeof apiKey === 'string') {
      const holder = users.byApiKey(apiKey);
      if (holder && holder.user_id !== existing?.user_id) check.add('api_key', 'is already used by another user');
    }
    if (check.errors.length > 0) return { ok: false, errors: check.errors };

    const userId = existing?.user_id ?? (id !== undefined ? Number(id) : (fields.user_id as number | undefined) ?? users.nextUserId());
    // Defaults only for a new user: spread under an existing one, they would reorder its stored keys.
    const base = existing ?? {
      timezone: '',
      date_joined: minuteIso(now),
      is_active: true,
      api_key: randomKey(userId),
      email_address_visibility: VISIBILITY.EVERYONE,
      avatar_source: 'G',
      avatar_version: 1,
      profile_data: {},
      max_message_id: -1,
      role: 400,
    };
    const user = { ...base, ...(fields as Partial<ZulipUser>), user_id: userId } as ZulipUser;
    const contradicted = contradictions(given, user, derived);
    if (contradicted.length > 0) return { ok: false, errors: contradicted };
    users.put(user);
    return { ok: true, id: String(userId), created: !existing, user };
  },
};

/** A deterministic, well-formed key for users created without one. */
function randomKey(userId: number): string {
  return `key${userId}`.padEnd(32, 'x').slice(0, 32);
}
