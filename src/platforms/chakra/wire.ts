import type { ChakraConfig, ChakraEmail, ChakraUser } from './models.js';
import type { V2TimestampZone } from './settings.js';

/** An email object with its 8 fields in the docs' order (docs/platforms/chakra.md#fetch-user, Email table). */
export function canonicalEmail(email: ChakraEmail): ChakraEmail {
  return {
    id: email.id,
    createdAt: email.createdAt,
    updatedAt: email.updatedAt,
    email: email.email,
    normalizedEmail: email.normalizedEmail,
    type: email.type,
    isVerified: email.isVerified,
    user: email.user,
  };
}

/** The v1 Fetch User object, 28 fields in the docs' order (docs/platforms/chakra.md#fetch-user); this is also the stored form. */
export function canonicalUser(user: ChakraUser): ChakraUser {
  return {
    phones: user.phones,
    emails: user.emails.map(canonicalEmail),
    ...listItemV1(user),
    reportees: user.reportees,
  };
}

type ListItemV1 = Omit<ChakraUser, 'phones' | 'emails' | 'reportees'>;

/** A List Users (v1) item: the user without phones, emails and reportees (docs/platforms/chakra.md#list-users). */
export function listItemV1(user: ChakraUser): ListItemV1 {
  return {
    id: user.id,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    username: user.username,
    firstName: user.firstName,
    lastName: user.lastName,
    middleName: user.middleName,
    displayName: user.displayName,
    gender: user.gender,
    dob: user.dob,
    bio: user.bio,
    profileImageUrl: user.profileImageUrl,
    coverImageUrl: user.coverImageUrl,
    timezone: user.timezone,
    data: user.data,
    onboardingData: user.onboardingData,
    isActive: user.isActive,
    isDeleted: user.isDeleted,
    deletedAt: user.deletedAt,
    availabilityStatus: user.availabilityStatus,
    team: user.team,
    role: user.role,
    primaryEmail: user.primaryEmail && canonicalEmail(user.primaryEmail),
    primaryPhone: user.primaryPhone,
    profile: user.profile,
  };
}

/** `+0530` → minutes east of UTC; "" or anything else → 0. */
function offsetMinutes(offset: string): number {
  if (offset.length !== 5) return 0;
  const minutes = Number(offset.slice(1, 3)) * 60 + Number(offset.slice(3, 5));
  if (!Number.isFinite(minutes)) return 0;
  return offset[0] === '-' ? -minutes : minutes;
}

/**
 * ISO-8601 with milliseconds in the given ±HHMM offset, written ±HH:MM (`+00:00`, never `Z`):
 * 1631817298100 at +0530 is "2021-09-17T00:04:58.100+05:30" (docs/platforms/chakra.md#humanized-v2, the mock's reading).
 */
export function isoInOffset(ms: number, offset: string): string {
  const minutes = offsetMinutes(offset);
  const local = new Date(ms + minutes * 60_000);
  if (Number.isNaN(local.getTime())) return new Date(0).toISOString();
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  const hours = String(Math.floor(absolute / 60)).padStart(2, '0');
  const mins = String(absolute % 60).padStart(2, '0');
  return `${local.toISOString().slice(0, -1)}${sign}${hours}:${mins}`;
}

/** What v2 needs to humanize: the config's UUID → short id maps and where timestamps are written. */
export interface Humanizer {
  teamNames: ReadonlyMap<string, string>;
  roleNames: ReadonlyMap<string, string>;
  zone: V2TimestampZone;
}

export function humanizerFor(config: ChakraConfig | undefined, zone: V2TimestampZone): Humanizer {
  return {
    teamNames: new Map(config ? [[config.team.id, config.team.shortId]] : []),
    roleNames: new Map((config?.roles ?? []).map((role) => [role.id, role.shortId])),
    zone,
  };
}

type ListItemV2 = Omit<ListItemV1, 'createdAt' | 'updatedAt' | 'primaryEmail'> & {
  createdAt: string;
  updatedAt: string;
  primaryEmail: string | null;
};

/**
 * The "humanized" v2 differences (docs/platforms/chakra.md#humanized-v2): user-level timestamps as ISO strings,
 * team and role as short ids (the UUID when the config has no entry), primaryEmail as
 * the bare address. Email objects keep their integer timestamps.
 */
export function listItemV2(user: ChakraUser, humanizer: Humanizer): ListItemV2 {
  const offset = humanizer.zone === 'user' ? user.timezone : '+0000';
  return {
    ...listItemV1(user),
    createdAt: isoInOffset(user.createdAt, offset),
    updatedAt: isoInOffset(user.updatedAt, offset),
    team: humanizer.teamNames.get(user.team) ?? user.team,
    role: humanizer.roleNames.get(user.role) ?? user.role,
    primaryEmail: user.primaryEmail ? user.primaryEmail.email : null,
  };
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/;

/**
 * A v2 (or v2 list) user's humanized fields back in their v1 form, for the control API: ISO
 * timestamps as epoch ms, short team and role ids as the config's UUIDs, primaryEmail's bare
 * address as an email object (matched among `emails` by address). Anything else is left as it is.
 */
export function fromV2(fields: Record<string, unknown>, config: ChakraConfig | undefined): Record<string, unknown> {
  const v1 = { ...fields };
  for (const name of ['createdAt', 'updatedAt']) {
    const value = v1[name];
    if (typeof value === 'string' && ISO_WITH_OFFSET.test(value)) v1[name] = Date.parse(value);
  }
  const team = config?.team;
  if (team && v1.team === team.shortId) v1.team = team.id;
  const role = config?.roles.find((entry) => entry.shortId === v1.role);
  if (role) v1.role = role.id;
  if (typeof v1.primaryEmail === 'string') v1.primaryEmail = { email: v1.primaryEmail };
  return v1;
}

export function userV2(user: ChakraUser, humanizer: Humanizer): ListItemV2 & Pick<ChakraUser, 'phones' | 'emails' | 'reportees'> {
  return {
    phones: user.phones,
    emails: user.emails.map(canonicalEmail),
    ...listItemV2(user, humanizer),
    reportees: user.reportees,
  };
}
