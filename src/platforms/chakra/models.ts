/**
 * ChakraHQ's user as the mock stores it: exactly the v1 wire object of Fetch User
 * (docs/platforms/chakra.md#fetch-user), keys in the docs' order, so GET /v1/ext/user/{id} sends the stored
 * JSON as it is. v2 and the list items are derived from it (wire.ts).
 */
export interface ChakraEmail {
  id: string;
  /** Epoch milliseconds. */
  createdAt: number;
  updatedAt: number;
  email: string;
  normalizedEmail: string;
  type: string;
  isVerified: boolean;
  /** The owning user's id. */
  user: string;
}

export interface ChakraUser {
  /** Element type [UNKNOWN] (docs/platforms/chakra.md#fetch-user): the docs' schema says strings, the mock only ever has []. */
  phones: string[];
  emails: ChakraEmail[];
  id: string;
  createdAt: number;
  updatedAt: number;
  username: string;
  firstName: string;
  lastName: string;
  middleName: string;
  displayName: string;
  gender: string;
  /** Epoch ms; 0 when unset. */
  dob: number;
  bio: string;
  profileImageUrl: string;
  coverImageUrl: string;
  /** UTC offset written ±HHMM, e.g. "+0530"; the v2 timestamps are written in it. */
  timezone: string;
  data: Record<string, unknown> | null;
  onboardingData: Record<string, unknown> | null;
  isActive: boolean;
  isDeleted: boolean;
  /** Epoch ms when soft-deleted. */
  deletedAt: number | null;
  availabilityStatus: string;
  /** Team UUID (config `team.id`). */
  team: string;
  /** Role UUID (one of config `roles[].id`). */
  role: string;
  /** Same object as one of `emails`, or null. */
  primaryEmail: ChakraEmail | null;
  primaryPhone: null;
  profile: null;
  /** Ids of the users reporting to this one. */
  reportees: string[];
}

/** A config entry that maps a v1 UUID to the v2 short id (docs/platforms/chakra.md#fetch-config). */
export interface ChakraConfigEntry {
  id: string;
  shortId: string;
  name: string;
}

export interface ChakraRole extends ChakraConfigEntry {
  /** The mock's own: holders of this role get reportees when seeded. Never on the wire. */
  manages?: boolean;
}

export interface ChakraConfig {
  team: ChakraConfigEntry;
  roles: ChakraRole[];
}

export const USERS = { platform: 'chakra', collection: 'users' } as const;
export const CONFIG = { platform: 'chakra', collection: 'config' } as const;

/** Lowercase hyphenated UUID, the form of every Chakra id (docs/platforms/chakra.md#fetch-user). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The ±HHMM offset of `timezone`; "" (unset) is also stored. */
export const UTC_OFFSET = /^[+-](?:[01][0-9]|2[0-3])[0-5][0-9]$/;
