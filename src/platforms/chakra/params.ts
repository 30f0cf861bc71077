import { ChakraError } from './errors.js';
import { UTC_OFFSET, UUID, type ChakraUser } from './models.js';

/** The fields Update User changes (docs/platforms/chakra.md#update-user: firstName/lastName documented, the other scalars [INFER]). */
export type UserUpdate = Partial<
  Pick<
    ChakraUser,
    | 'username' | 'firstName' | 'lastName' | 'middleName' | 'displayName' | 'gender' | 'dob' | 'bio'
    | 'profileImageUrl' | 'coverImageUrl' | 'timezone' | 'data' | 'onboardingData' | 'availabilityStatus' | 'role'
  >
>;

type Check = (value: unknown, roles: ReadonlySet<string>) => string | undefined;

const isString: Check = (value) => (typeof value === 'string' ? undefined : 'must be a string');
const isNonEmptyString: Check = (value) => (typeof value === 'string' && value.trim() !== '' ? undefined : 'must be a non-empty string');
/** Deeper free-form data is refused: the mock must be able to store and serialize it (no real limit known). */
export const MAX_DATA_DEPTH = 32;

/** Whether nesting exceeds `limit`, walked without recursion so hostile depth cannot overflow the stack. */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 1]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(current)) pending.push([child, depth + 1]);
  }
  return false;
}

const isObjectOrNull: Check = (value) => {
  if (value !== null && (typeof value !== 'object' || Array.isArray(value))) return 'must be an object or null';
  return nestedDeeperThan(value, MAX_DATA_DEPTH) ? `must not nest deeper than ${MAX_DATA_DEPTH} levels` : undefined;
};

const UPDATABLE: Readonly<Record<keyof UserUpdate, Check>> = {
  username: isNonEmptyString,
  firstName: isNonEmptyString,
  lastName: isString,
  middleName: isString,
  displayName: isString,
  gender: isString,
  dob: (value) => (Number.isSafeInteger(value) ? undefined : 'must be an integer (epoch milliseconds, 0 when unset)'),
  bio: isString,
  profileImageUrl: isString,
  coverImageUrl: isString,
  timezone: (value) => (typeof value === 'string' && (value === '' || UTC_OFFSET.test(value)) ? undefined : 'must be a UTC offset such as "+0530"'),
  data: isObjectOrNull,
  onboardingData: isObjectOrNull,
  availabilityStatus: isNonEmptyString,
  role: (value, roles) => (typeof value === 'string' && roles.has(value) ? undefined : 'must be the id of a role in the team config'),
};

const hasOwn = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

/**
 * Validates an Update User body: a JSON object whose known keys all have the right type.
 * Every wrong key is listed, one message each, in `_errors` (the envelope is an array).
 * Unknown and read-only keys are ignored unless `rejectUnknown` (docs/platforms/chakra.md#invalid-update-body).
 */
export function parseUserUpdate(body: unknown, roles: ReadonlySet<string>, rejectUnknown: boolean, status: number): UserUpdate {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ChakraError(status, 'Request body must be a JSON object');
  }
  const update: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    const check = hasOwn(UPDATABLE, key) ? UPDATABLE[key as keyof UserUpdate] : undefined;
    if (!check) {
      if (rejectUnknown) problems.push(`${key} is not an updatable field`);
      continue;
    }
    const problem = check(value, roles);
    if (problem) problems.push(`${key} ${problem}`);
    else update[key] = value;
  }
  if (problems.length > 0) throw new ChakraError(status, problems);
  return update as UserUpdate;
}

/** Ids are lowercase UUIDs; any case is accepted, as a UUID column compares them (docs/platforms/chakra.md#user-not-found [UNKNOWN]). */
export function normalizeUserId(segment: string): string | undefined {
  const lower = segment.toLowerCase();
  return UUID.test(lower) ? lower : undefined;
}
