import { hash as digestHex } from 'node:crypto';
import { ROLE, VISIBILITY, type ZulipUser } from './models.js';
import { FEATURE_LEVEL } from './version.js';

export interface FormatOptions {
  clientGravatar: boolean;
  includeCustomProfileFields: boolean;
  fakeEmailDomain: string;
  /** The emulated server's API feature level. */
  featureLevel: number;
}

const AVATAR_SALT = 'chat-user-mock';
const REALM_ID = 2;

/** Whether `caller` may see `target`'s real address (spec §5.2 row 13). */
export function canSeeDeliveryEmail(caller: ZulipUser, target: ZulipUser): boolean {
  if (caller.user_id === target.user_id) return true;
  switch (target.email_address_visibility) {
    case VISIBILITY.EVERYONE:
      return true;
    case VISIBILITY.MEMBERS:
      return caller.role !== ROLE.GUEST;
    case VISIBILITY.MODERATORS:
      return caller.role <= ROLE.MODERATOR;
    case VISIBILITY.ADMINS:
      return caller.role <= ROLE.ADMINISTRATOR;
    default:
      return false;
  }
}

/** The API `email`: the real address when visible to everyone, else `user{id}@{domain}`. */
export function apiEmail(user: ZulipUser, fakeEmailDomain: string): string {
  return user.email_address_visibility === VISIBILITY.EVERYONE || user.bot_type !== undefined
    ? user.email
    : `user${user.user_id}@${fakeEmailDomain}`;
}

/** zerver/lib/avatar.py get_avatar_field; spec §5.3. */
function avatarUrl(user: ZulipUser, clientGravatar: boolean): string | null {
  if (user.avatar_source === 'U') {
    const hash = digestHex('sha1', `${user.user_id}${AVATAR_SALT}`);
    return `/user_avatars/${REALM_ID}/${hash}.png?version=${user.avatar_version}`;
  }
  const visibleToEveryone = user.email_address_visibility === VISIBILITY.EVERYONE || user.bot_type !== undefined;
  if (clientGravatar && visibleToEveryone) return null;
  return `https://secure.gravatar.com/avatar/${gravatarHash(user)}?d=identicon&version=${user.avatar_version}`;
}

/** Users are the store's frozen views, the same object while the row is unchanged: each is hashed once. */
const gravatarHashes = new WeakMap<ZulipUser, string>();

function gravatarHash(user: ZulipUser): string {
  let hash = gravatarHashes.get(user);
  if (hash === undefined) {
    hash = digestHex('md5', user.email.toLowerCase());
    gravatarHashes.set(user, hash);
  }
  return hash;
}

/**
 * format_user_row (zerver/lib/users.py), Zulip 10+: fields in emission order (spec §5.2),
 * role-derived flags, bot fields only for bots, profile_data only when asked for.
 */
export function formatUser(user: ZulipUser, caller: ZulipUser, options: FormatOptions): Record<string, unknown> {
  const row: Record<string, unknown> = {
    email: apiEmail(user, options.fakeEmailDomain),
    user_id: user.user_id,
    avatar_version: user.avatar_version,
    is_admin: user.role === ROLE.OWNER || user.role === ROLE.ADMINISTRATOR,
    is_owner: user.role === ROLE.OWNER,
    is_guest: user.role === ROLE.GUEST,
    role: user.role,
    is_bot: user.bot_type !== undefined,
    full_name: user.full_name,
    timezone: user.timezone,
    is_active: user.is_active,
    date_joined: user.date_joined,
    delivery_email: canSeeDeliveryEmail(caller, user) ? user.email : null,
    avatar_url: avatarUrl(user, options.clientGravatar),
  };
  // Where format_user_row puts these two is not settled by the sources read (docs/versions.md).
  if (options.featureLevel >= FEATURE_LEVEL.IS_IMPORTED_STUB) row.is_imported_stub = user.is_imported_stub === true;
  if (options.featureLevel >= FEATURE_LEVEL.IS_DELETED && user.is_deleted === true) row.is_deleted = true;
  if (user.bot_type !== undefined) {
    row.bot_type = user.bot_type;
    row.bot_owner_id = user.bot_owner_id ?? null;
  } else if (options.includeCustomProfileFields) {
    row.profile_data = user.profile_data;
  }
  return row;
}

/** GET /users/me: the caller's own row, flattened; client_gravatar forced off, profile_data always (humans). */
export function formatOwnUser(user: ZulipUser, fakeEmailDomain: string, featureLevel: number): Record<string, unknown> {
  return {
    result: 'success',
    msg: '',
    ...formatUser(user, user, { clientGravatar: false, includeCustomProfileFields: true, fakeEmailDomain, featureLevel }),
    max_message_id: user.max_message_id,
  };
}
