import { hash as digestHex } from 'node:crypto';
import type { DerivedFields } from '../../core/derived-fields.js';
import { escapeRegExp } from '../../core/text.js';
import { ROLE, VISIBILITY, type ZulipRealm, type ZulipUser } from './models.js';
import { FEATURE_LEVEL, serverVersionFields, type ZulipRelease } from './version.js';

export interface FormatOptions {
  clientGravatar: boolean;
  includeCustomProfileFields: boolean;
  fakeEmailDomain: string;
  /** The emulated server's API feature level. */
  featureLevel: number;
}

const AVATAR_SALT = 'chat-user-mock';
const REALM_ID = 2;

/** Whether `caller` may see `target`'s real address (docs/platforms/zulip.md#email-visibility row 13). */
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

/** The dummy API address `user{id}@{domain}` that stands for every user (docs/platforms/zulip.md#lookup-by-email, Zulip 10+); group 1 is the id. */
export function dummyEmailPattern(fakeEmailDomain: string): RegExp {
  return new RegExp(`^user([0-9]+)@${escapeRegExp(fakeEmailDomain)}$`, 'i');
}

/** The API `email`: the real address when visible to everyone, else `user{id}@{domain}`. */
export function apiEmail(user: ZulipUser, fakeEmailDomain: string): string {
  return user.email_address_visibility === VISIBILITY.EVERYONE || user.bot_type !== undefined
    ? user.email
    : `user${user.user_id}@${fakeEmailDomain}`;
}

/** zerver/lib/avatar.py get_avatar_field; docs/platforms/zulip.md#avatar-url */
export function avatarUrl(user: ZulipUser, clientGravatar: boolean): string | null {
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

const isAdmin = (user: ZulipUser) => user.role === ROLE.OWNER || user.role === ROLE.ADMINISTRATOR;

/**
 * What formatUser and formatOwnUser derive, for users written back through the control API. `email`
 * is derived only when the body's is a dummy API address: otherwise it is the stored, real address.
 */
export function derivedFields(fakeEmailDomain: string, dummyEmailGiven: boolean): DerivedFields<ZulipUser> {
  return {
    is_admin: { from: 'role', shown: (user) => [isAdmin(user)] },
    is_owner: { from: 'role', shown: (user) => [user.role === ROLE.OWNER] },
    is_guest: { from: 'role', shown: (user) => [user.role === ROLE.GUEST] },
    is_bot: { from: 'bot_type', shown: (user) => [user.bot_type !== undefined] },
    // null to callers the address is hidden from.
    delivery_email: {
      from: 'email and email_address_visibility',
      shown: (user) => (user.email_address_visibility === VISIBILITY.EVERYONE ? [user.email] : [user.email, null]),
    },
    avatar_url: { from: 'avatar_source, avatar_version and email', shown: (user) => [avatarUrl(user, false), avatarUrl(user, true)] },
    ...(dummyEmailGiven && { email: { from: 'email_address_visibility', shown: (user) => [apiEmail(user, fakeEmailDomain)] } }),
    // GET /users/me flattens the envelope into the user.
    result: { from: 'the envelope of /users/me', shown: () => ['success'] },
    msg: { from: 'the envelope of /users/me', shown: () => [''] },
  };
}

/**
 * format_user_row (zerver/lib/users.py), Zulip 10+: fields in emission order (docs/platforms/zulip.md#user-object),
 * role-derived flags, bot fields only for bots, profile_data only when asked for.
 */
export function formatUser(user: ZulipUser, caller: ZulipUser, options: FormatOptions): Record<string, unknown> {
  const row: Record<string, unknown> = {
    email: apiEmail(user, options.fakeEmailDomain),
    user_id: user.user_id,
    avatar_version: user.avatar_version,
    is_admin: isAdmin(user),
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
  // Where format_user_row puts these two is not settled by the sources read (docs/platforms/zulip.md#versions).
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

/** The realm's subdomain; with no uploaded icon, its Gravatar identicon is the realm icon. */
const REALM_STRING_ID = 'zulip';
const REALM_DESCRIPTION = "<p>The Zulip development environment default organization.  It's great for testing!</p>";

/**
 * zerver/views/auth.py get_server_settings: a server with email-and-password sign-in only, no push
 * notifications and no web-public channels, in that function's key order (`realm_uri` last, as its alias).
 */
export function formatServerSettings(realm: Readonly<ZulipRealm>, realmUrl: string, release: ZulipRelease): Record<string, unknown> {
  return {
    result: 'success',
    msg: '',
    authentication_methods: {
      password: true,
      dev: false,
      email: true,
      ldap: false,
      remoteuser: false,
      github: false,
      azuread: false,
      gitlab: false,
      apple: false,
      google: false,
      saml: false,
      'openid connect': false,
    },
    ...serverVersionFields(release),
    push_notifications_enabled: false,
    is_incompatible: false,
    email_auth_enabled: true,
    require_email_format_usernames: true,
    realm_url: realmUrl,
    realm_name: realm.name,
    realm_icon: `https://secure.gravatar.com/avatar/${digestHex('md5', REALM_STRING_ID)}?d=identicon`,
    realm_description: REALM_DESCRIPTION,
    realm_web_public_access_enabled: false,
    external_authentication_methods: [],
    realm_uri: realmUrl,
  };
}
