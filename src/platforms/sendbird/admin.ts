import { contradictions, storedPart } from '../../core/derived-fields.js';
import type { PlatformUsers } from '../../core/platform.js';
import { FieldChecker } from '../../core/validation.js';
import { LIMITS, USERS, type SendbirdUser } from './models.js';
import { SendbirdRepository } from './repository.js';
import { blankUser } from './seed.js';
import type { SendbirdSettings } from './settings.js';
import { derivedFields } from './wire.js';

const FIELDS = [
  'user_id', 'nickname', 'profile_url', 'require_auth_for_profile_image', 'metadata', 'access_token', 'created_at',
  'discovery_keys', 'is_hide_me_from_friends', 'is_shadow_blocked', 'session_tokens', 'is_online', 'last_seen_at',
  'is_active', 'has_ever_logged_in', 'preferred_languages', 'locale', 'is_bot', 'unread_channels',
] as const;

const isStringList = (value: unknown) => Array.isArray(value) && value.every((item) => typeof item === 'string');

const isMetadata = (value: unknown) => {
  const object = FieldChecker.object(value);
  if (!object) return false;
  const entries = Object.entries(object);
  return (
    entries.length <= LIMITS.metadataItems &&
    entries.every(
      ([key, item]) => key !== '' && !key.includes(',') && key.length <= LIMITS.metadataKey && typeof item === 'string' && item.length <= LIMITS.metadataValue,
    )
  );
};

const isUnreadChannels = (value: unknown) =>
  Array.isArray(value) &&
  value.every((channel) => {
    const object = FieldChecker.object(channel);
    return (
      object !== undefined &&
      typeof object.custom_type === 'string' &&
      typeof object.is_super === 'boolean' &&
      Number.isSafeInteger(object.messages) &&
      (object.messages as number) >= 0
    );
  });

const withinLength = (max: number) => (value: unknown) => typeof value === 'string' && value.length <= max;

/**
 * Sendbird users for the control API, in the stored shape: the user resource's fields
 * plus `is_bot` and `unread_channels` (the group channels the unread counts come from).
 * A view-user or list answer is taken as it is; its unread counts must agree with unread_channels.
 */
export const sendbirdUsers: PlatformUsers<SendbirdSettings> = {
  count: (store) => store.count(USERS),
  list: (store, page) => new SendbirdRepository(store).page(page.offset, page.limit),
  get: (store, id) => new SendbirdRepository(store).byId(id),
  delete: (store, id) => new SendbirdRepository(store).delete(id),
  put(store, id, body, now) {
    const users = new SendbirdRepository(store);
    const given = FieldChecker.object(body);
    if (!given) return { ok: false, errors: [{ field: '(body)', message: 'must be a JSON object' }] };
    const fields = storedPart(given, derivedFields);
    const existing = id === undefined ? undefined : users.byId(id);
    const check = new FieldChecker(fields, FIELDS, "this platform's user")
      .custom('user_id', (value) => typeof value === 'string' && value.trim() !== '' && value.length <= LIMITS.userId, 'a non-blank string of up to 80 characters')
      .custom('nickname', withinLength(LIMITS.nickname), 'a string of up to 80 characters', !existing)
      .custom('profile_url', withinLength(LIMITS.profileUrl), 'a string of up to 2048 characters')
      .boolean('require_auth_for_profile_image')
      .custom('metadata', isMetadata, 'an object of up to 5 string values (keys up to 128 characters without commas, values up to 190)')
      .string('access_token', false, /^(|[0-9a-f]{40})$/, '"" or 40 lowercase hex digits')
      .integer('created_at', false, 0)
      .custom('discovery_keys', isStringList, 'an array of strings')
      .boolean('is_hide_me_from_friends')
      .boolean('is_shadow_blocked')
      .custom('session_tokens', Array.isArray, 'an array')
      .boolean('is_online')
      .integer('last_seen_at', false, -1)
      .boolean('is_active')
      .boolean('has_ever_logged_in')
      .custom('preferred_languages', (value) => isStringList(value) && (value as string[]).length <= LIMITS.preferredLanguages, 'an array of up to 4 strings')
      .string('locale')
      .boolean('is_bot')
      .custom('unread_channels', isUnreadChannels, 'an array of {"custom_type": string, "is_super": boolean, "messages": integer >= 0}');
    if (id !== undefined && fields.user_id !== undefined && fields.user_id !== id) check.add('user_id', 'must match the id in the path');
    if (id === undefined && typeof fields.user_id === 'string' && users.byId(fields.user_id)) check.add('user_id', 'is already used by another user');
    if (check.errors.length > 0) return { ok: false, errors: check.errors };

    const userId = id ?? (fields.user_id as string | undefined) ?? `user-${store.nextSequence('sendbird:user_id')}`;
    const base = existing ?? blankUser(userId, '', Math.floor(now / 1000));
    const user: SendbirdUser = { ...base, ...(fields as Partial<SendbirdUser>), user_id: userId };
    const contradicted = contradictions(given, user, derivedFields);
    if (contradicted.length > 0) return { ok: false, errors: contradicted };
    users.put(user);
    return { ok: true, id: userId, created: !existing, user };
  },
};
