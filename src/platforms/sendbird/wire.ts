import type { SendbirdUser } from './models.js';

export type SuperMode = 'all' | 'super' | 'nonsuper';

export interface UnreadFilter {
  /** Only channels of these custom types; undefined means every channel. */
  customTypes: readonly string[] | undefined;
  superMode: SuperMode;
}

export interface UnreadCounts {
  unread_message_count: number;
  unread_channel_count: number;
}

/** The user's unread messages and unread channels among the group channels the filter selects (spec §4). */
export function unreadCounts(user: SendbirdUser, filter: UnreadFilter): UnreadCounts {
  let messages = 0;
  let channels = 0;
  for (const channel of user.unread_channels) {
    if (filter.superMode === 'super' && !channel.is_super) continue;
    if (filter.superMode === 'nonsuper' && channel.is_super) continue;
    if (filter.customTypes && !filter.customTypes.includes(channel.custom_type)) continue;
    messages += channel.messages;
    if (channel.messages > 0) channels++;
  }
  return { unread_message_count: messages, unread_channel_count: channels };
}

/*
 * The stored user already has the wire fields in wire order; the response schemas
 * (schemas.ts) serialize only those, so `is_bot` and `unread_channels` never leave the
 * mock and no copy is made on the hot path.
 */

/** GET with include_unread_count=true: a copy of the user plus both counts (the user may be a shared, frozen view). */
export function withUnreadCounts(user: Readonly<SendbirdUser>, filter: UnreadFilter): SendbirdUser & UnreadCounts {
  return { ...user, ...unreadCounts(user, filter) };
}

/** The create response alone carries `is_created` and `phone_number` (spec §5, observation B). */
export function asCreated(user: SendbirdUser): SendbirdUser & { is_created: true; phone_number: string } {
  return { ...user, is_created: true, phone_number: '' };
}
