/** Zulip's roles (zerver/models/users.py); docs/platforms/zulip.md#user-object row 7. */
export const ROLE = { OWNER: 100, ADMINISTRATOR: 200, MODERATOR: 300, MEMBER: 400, GUEST: 600 } as const;
export const ROLES = [100, 200, 300, 400, 600] as const;

/** email_address_visibility values; docs/platforms/zulip.md#email-visibility row 13. */
export const VISIBILITY = { EVERYONE: 1, MEMBERS: 2, ADMINS: 3, NOBODY: 4, MODERATORS: 5 } as const;

export const INCOMING_WEBHOOK_BOT = 2;

/**
 * A user as the mock stores it: the fields Zulip returns plus the few it keeps
 * privately (api_key, avatar source, email visibility), as in Zulip's own UserProfile.
 */
export interface ZulipUser {
  user_id: number;
  /** The real address (Zulip's delivery_email). The API `email` is derived from it. */
  email: string;
  full_name: string;
  role: number;
  timezone: string;
  /** ISO 8601, minute precision, `+00:00` (Zulip 10+). */
  date_joined: string;
  is_active: boolean;
  api_key: string;
  email_address_visibility: number;
  /** "G" gravatar, "U" uploaded. */
  avatar_source: 'G' | 'U';
  avatar_version: number;
  profile_data: Record<string, { value: string; rendered_value?: string }>;
  bot_type?: number;
  bot_owner_id?: number | null;
  max_message_id: number;
  /** A stub account imported from another chat system (Zulip 12.0, feature level 433); absent means false. */
  is_imported_stub?: boolean;
  /** Permanently deleted: a deactivated user whose data was removed (Zulip 12.0, feature level 490). */
  is_deleted?: boolean;
}

export interface ZulipRealm {
  name: string;
  deactivated: boolean;
}

export const USERS = { platform: 'zulip', collection: 'users' } as const;
export const API_KEYS = { platform: 'zulip', collection: 'api_keys' } as const;
export const REALM = { platform: 'zulip', collection: 'realm' } as const;
