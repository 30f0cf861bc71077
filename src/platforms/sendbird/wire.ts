import type { DerivedFields } from '../../core/derived-fields.js';
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

/** The user's unread messages and unread channels among the group channels the filter selects (docs/platforms/sendbird.md#unread-counts). */
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

const SUPER_MODES: readonly SuperMode[] = ['all', 'super', 'nonsuper'];
/** Beyond this many custom types, only no filter and single types are tried (2^n subsets otherwise). */
const MAX_SUBSET_TYPES = 8;

/** Every count pair view-user can show for the user: each super_mode, unfiltered or with any set of its custom types. */
function possibleUnreadCounts(user: SendbirdUser): UnreadCounts[] {
  const types = [...new Set(user.unread_channels.map((channel) => channel.custom_type))];
  const filters: Array<readonly string[] | undefined> = [undefined];
  if (types.length <= MAX_SUBSET_TYPES) {
    for (let mask = 0; mask < 2 ** types.length; mask++) filters.push(types.filter((_, bit) => mask & (1 << bit)));
  } else {
    filters.push([], ...types.map((type) => [type]));
  }
  return SUPER_MODES.flatMap((superMode) => filters.map((customTypes) => unreadCounts(user, { customTypes, superMode })));
}

/** The counts of view-user with include_unread_count=true, for users written back through the control API. */
export const derivedFields: DerivedFields<SendbirdUser> = {
  unread_message_count: { from: 'unread_channels', shown: (user) => possibleUnreadCounts(user).map((counts) => counts.unread_message_count) },
  unread_channel_count: { from: 'unread_channels', shown: (user) => possibleUnreadCounts(user).map((counts) => counts.unread_channel_count) },
};

/*
 * The stored user already has the wire fields in wire order; the response schemas
 * (schemas.ts) serialize only those, so `is_bot` and `unread_channels` never leave the
 * mock and no copy is made on the hot path.
 */

/** GET with include_unread_count=true: a copy of the user plus both counts (the user may be a shared, frozen view). */
export function withUnreadCounts(user: Readonly<SendbirdUser>, filter: UnreadFilter): SendbirdUser & UnreadCounts {
  return { ...user, ...unreadCounts(user, filter) };
}

/** The create response alone carries `is_created` and `phone_number` (docs/platforms/sendbird.md#create-a-user, observation B). */
export function asCreated(user: SendbirdUser): SendbirdUser & { is_created: true; phone_number: string } {
  return { ...user, is_created: true, phone_number: '' };
}
