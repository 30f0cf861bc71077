/**
 * A user as the mock stores it: Open WebUI's UserModel fields (0.8.x, docs/platforms/openwebui.md#user-model)
 * plus what the real server keeps in other tables (auth password, api_key, group
 * memberships). Timestamps are epoch seconds.
 */
export interface OpenWebUIUser {
  id: string;
  email: string;
  username: string | null;
  role: string;
  name: string;
  profile_image_url: string | null;
  profile_banner_image_url: string | null;
  bio: string | null;
  gender: string | null;
  date_of_birth: string | null;
  timezone: string | null;
  presence_state: string | null;
  status_emoji: string | null;
  status_message: string | null;
  status_expires_at: number | null;
  info: Record<string, unknown> | null;
  settings: Record<string, unknown> | null;
  oauth: Record<string, unknown> | null;
  scim: Record<string, unknown> | null;
  last_active_at: number;
  updated_at: number;
  created_at: number;
  /** `sha256$<salt>$<hex>` of the password (the real server keeps a bcrypt hash in `auth`). */
  password_hash: string;
  api_key: string | null;
  group_ids: string[];
}

export interface OpenWebUIGroup {
  id: string;
  name: string;
  description: string;
}

/**
 * A chat, only as far as `shared-{chat_id}` needs it: sharing a chat stores a copy
 * whose id is the original's share_id and whose user_id is `shared-<original id>`.
 */
export interface OpenWebUIChat {
  id: string;
  user_id: string;
  title: string;
  share_id: string | null;
  created_at: number;
  updated_at: number;
}

export const USERS = { platform: 'openwebui', collection: 'users' } as const;
export const API_KEYS = { platform: 'openwebui', collection: 'api_keys' } as const;
export const GROUPS = { platform: 'openwebui', collection: 'groups' } as const;
export const CHATS = { platform: 'openwebui', collection: 'chats' } as const;

/** Store meta key: set once the first sign-up ever has switched sign-up off. */
export const SIGNUP_DISABLED_META = 'openwebui:signup_disabled';

/** user fields the wire shows, in UserModel order (docs/platforms/openwebui.md#user-model). */
export const USER_MODEL_FIELDS = [
  'id', 'email', 'username', 'role', 'name', 'profile_image_url', 'profile_banner_image_url', 'bio', 'gender',
  'date_of_birth', 'timezone', 'presence_state', 'status_emoji', 'status_message', 'status_expires_at', 'info',
  'settings', 'oauth', 'scim', 'last_active_at', 'updated_at', 'created_at',
] as const;
