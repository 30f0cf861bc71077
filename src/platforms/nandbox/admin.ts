import type { PlatformUsers } from '../../core/platform.js';
import { FieldChecker } from '../../core/validation.js';
import { type NandboxUser, PROFILES, USERS } from './models.js';
import { NandboxRepository } from './repository.js';
import type { NandboxSettings } from './settings.js';
import { versionToken } from './wire.js';

const FIELDS = [
  'id', 'name', 'version', 'is_bot', 'status', 'profile', 'photo', 'image', 'terminal', 'type',
  'last_seen', 'short_name', 'login_id', 'email', 'app_ids',
] as const;

const LONG_ID = /^[0-9]{1,19}$/;
/** Keeps userDetails frames well under the Java SDK's 100,000-character frame limit (docs/platforms/nandbox.md#user-object). */
const MAX_IMAGE_LENGTH = 64 * 1024;

const isDimension = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;
const isThumbnail = (value: unknown) => {
  const thumbnail = FieldChecker.object(value);
  return thumbnail !== undefined && typeof thumbnail.id === 'string' && isDimension(thumbnail.width) && isDimension(thumbnail.height);
};
/** `thumbnail` may be absent but never null: `"thumbnail": null` crashes the Python SDK (docs/platforms/nandbox.md#user-object). */
const isPhoto = (value: unknown) => {
  const photo = FieldChecker.object(value);
  return (
    photo !== undefined &&
    typeof photo.id === 'string' &&
    photo.id !== '' &&
    isDimension(photo.width) &&
    isDimension(photo.height) &&
    (photo.size === undefined || isDimension(photo.size)) &&
    (photo.thumbnail === undefined || isThumbnail(photo.thumbnail))
  );
};
const isImage = (value: unknown) => typeof value === 'string' && value.length <= MAX_IMAGE_LENGTH && /^[A-Za-z0-9+/]+={0,2}$/.test(value);
const isAppIds = (value: unknown) => Array.isArray(value) && value.length > 0 && value.every((id) => typeof id === 'string' && LONG_ID.test(id));

const parse = (data: string) => JSON.parse(data) as NandboxUser;

/**
 * nandbox users for the control API, in the stored shape: the User object's fields (ids as strings)
 * plus the mock's private `email` and `app_ids`. Bots are users with is_bot true.
 */
export const nandboxUsers: PlatformUsers<NandboxSettings> = {
  count: (store) => store.count(USERS),
  list: (store, page) => store.list(USERS, page).map((record) => parse(record.data)),
  get: (store, id) => (LONG_ID.test(id) ? new NandboxRepository(store).byId(id) : undefined),
  delete: (store, id) => LONG_ID.test(id) && new NandboxRepository(store).delete(id),
  put(store, id, body) {
    const users = new NandboxRepository(store);
    const fields = FieldChecker.object(body);
    if (!fields) return { ok: false, errors: [{ field: '(body)', message: 'must be a JSON object' }] };
    if (id !== undefined && !LONG_ID.test(id)) return { ok: false, errors: [{ field: 'id', message: 'must be a numeric id of up to 19 digits' }] };
    const existing = id === undefined ? undefined : users.byId(id);
    const check = new FieldChecker(fields, FIELDS, "this platform's user")
      .string('id', false, LONG_ID, 'a numeric string id of up to 19 digits (nandbox sends Longs as strings)')
      .string('name', !existing, /\S/, 'a non-empty string')
      .string('version', false, /^[A-Za-z0-9]{1,16}$/, 'up to 16 letters and digits, e.g. "0rbN"')
      .boolean('is_bot')
      .string('status')
      .oneOf('profile', PROFILES)
      .custom('photo', isPhoto, 'a Photo {id, width, height, size?, thumbnail?: {id, width, height}} (thumbnail never null)')
      .custom('image', isImage, `a base64 JPEG of at most ${MAX_IMAGE_LENGTH} characters, without line breaks`)
      .string('terminal')
      .string('type')
      .string('last_seen')
      .string('short_name')
      .integer('login_id', false, 0)
      .string('email', false, /^[^@\s]+@[^@\s]+$/, 'an email address')
      .custom('app_ids', isAppIds, 'a non-empty array of numeric app id strings');
    if (id !== undefined && fields.id !== undefined && fields.id !== id) check.add('id', 'must match the id in the path');
    const email = fields.email;
    if (typeof email === 'string') {
      const holder = users.byEmail(email);
      const target = existing?.id ?? id ?? fields.id;
      if (holder && holder.id !== target) check.add('email', `is already used by user ${holder.id}`);
    }
    if (check.errors.length > 0) return { ok: false, errors: check.errors };

    const chosenId = fields.id as string | undefined;
    if (id === undefined && chosenId !== undefined && users.byId(chosenId)) {
      return { ok: false, errors: [{ field: 'id', message: `user ${chosenId} already exists` }] };
    }
    const userId = existing?.id ?? id ?? chosenId ?? users.nextCreatedId();
    // Defaults only for a new user: spread under an existing one, they would reorder its stored keys.
    const base = existing ?? { version: versionToken(userId), is_bot: false, app_ids: [users.defaultAppId()] };
    const user = { ...base, ...(fields as Partial<NandboxUser>), id: userId } as NandboxUser;
    users.put(user);
    return { ok: true, id: userId, created: !existing, user };
  },
};
