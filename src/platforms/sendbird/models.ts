/** One group channel the user is a member of, reduced to what the unread counts need (docs/platforms/sendbird.md#unread-counts). */
export interface UnreadChannel {
  custom_type: string;
  /** A Supergroup channel (`super_mode=super`) or not (`nonsuper`). */
  is_super: boolean;
  /** Unread messages of the user in this channel. */
  messages: number;
}

/**
 * A user as the mock stores it: the fields of Sendbird's user resource (docs/platforms/sendbird.md#user-resource), in
 * wire order, plus two the real service keeps elsewhere: `is_bot` (bots are users made
 * through the Bot API, listed unless `show_bot=false`) and the unread state of the
 * user's group channels.
 */
export interface SendbirdUser {
  user_id: string;
  nickname: string;
  profile_url: string;
  require_auth_for_profile_image: boolean;
  metadata: Record<string, string>;
  access_token: string;
  /** Unix seconds. */
  created_at: number;
  discovery_keys: string[];
  is_hide_me_from_friends: boolean;
  is_shadow_blocked: boolean;
  session_tokens: unknown[];
  is_online: boolean;
  /** Unix milliseconds; 0 while online, -1 when never seen. */
  last_seen_at: number;
  is_active: boolean;
  has_ever_logged_in: boolean;
  preferred_languages: string[];
  locale: string;
  is_bot: boolean;
  unread_channels: UnreadChannel[];
}

export const USERS = { platform: 'sendbird', collection: 'users' } as const;

/** Limits of the user resource (docs/platforms/sendbird.md#create-a-user). */
export const LIMITS = {
  userId: 80,
  nickname: 80,
  profileUrl: 2048,
  metadataItems: 5,
  metadataKey: 128,
  metadataValue: 190,
  preferredLanguages: 4,
  userIdsFilter: 250,
} as const;
