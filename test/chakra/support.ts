/**
 * Shared pieces of the Chakra tests: the well-known token, the docs' example user,
 * per-field type checks, and a small client that talks the way ChakraHQ's own
 * TypeScript SDK (chakrahq/chakra-chat-sdk, src/http/client.ts) does: Bearer token,
 * `Accept: application/json`, a JSON body only when there is one, and on a non-2xx
 * status an error whose message is `_errors[0]`.
 */
import type { Test } from 'tap';

export const TOKEN = 'chakraMockAccessToken0123456789';
export const AUTH = { authorization: `Bearer ${TOKEN}` };

export const JOHN_ID = 'a91b5073-e9d4-4959-9fd3-6edf79c2c5a4';
export const JOHN_EMAIL_ID = '9763caa1-cef3-497f-b3b2-f551456b2831';
export const TEAM_ID = '64788f5d-1580-4814-855b-257c7a33aa35';
export const INSIDE_SALES_ROLE_ID = '11671be1-17bc-453d-8898-c62d94ef2bc1';
export const UNKNOWN_USER_ID = '00000000-0000-4000-8000-0000deadbeef';

export const JOHN_EMAIL = {
  id: JOHN_EMAIL_ID,
  createdAt: 1631817298108,
  updatedAt: 1631817298108,
  email: 'john@acme.com',
  normalizedEmail: 'john@acme.com',
  type: '',
  isVerified: false,
  user: JOHN_ID,
};

/** The Fetch User (v1) docs example, verbatim. */
export const JOHN_V1 = {
  phones: [],
  emails: [JOHN_EMAIL],
  id: JOHN_ID,
  createdAt: 1631817298100,
  updatedAt: 1631817298124,
  username: 'johndoe',
  firstName: 'John',
  lastName: 'Doe',
  middleName: '',
  displayName: '',
  gender: '',
  dob: 0,
  bio: '',
  profileImageUrl: '',
  coverImageUrl: '',
  timezone: '+0530',
  data: null,
  onboardingData: null,
  isActive: true,
  isDeleted: false,
  deletedAt: null,
  availabilityStatus: 'AVAILABLE',
  team: TEAM_ID,
  role: INSIDE_SALES_ROLE_ID,
  primaryEmail: JOHN_EMAIL,
  primaryPhone: null,
  profile: null,
  reportees: [],
};

export const EMAIL_KEYS = ['id', 'createdAt', 'updatedAt', 'email', 'normalizedEmail', 'type', 'isVerified', 'user'];
export const LIST_ITEM_KEYS = [
  'id', 'createdAt', 'updatedAt', 'username', 'firstName', 'lastName', 'middleName', 'displayName', 'gender', 'dob', 'bio',
  'profileImageUrl', 'coverImageUrl', 'timezone', 'data', 'onboardingData', 'isActive', 'isDeleted', 'deletedAt',
  'availabilityStatus', 'team', 'role', 'primaryEmail', 'primaryPhone', 'profile',
];
/** The docs' key order: phones, emails, id … role, primaryEmail, primaryPhone, profile, reportees. */
export const USER_KEYS = ['phones', 'emails', ...LIST_ITEM_KEYS, 'reportees'];

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** ISO 8601 with milliseconds and a ±HH:MM offset, e.g. 2021-09-17T00:04:58.100+05:30. */
export const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/;

const isEpochMs = (value: unknown) => Number.isSafeInteger(value) && (value as number) > 1e12;

export function assertEmail(t: Test, email: any, userId: string, label: string): void {
  t.same(Object.keys(email), EMAIL_KEYS, `${label}: the 8 email fields in order`);
  t.match(email.id, UUID, `${label}.id is a lowercase UUID`);
  t.ok(isEpochMs(email.createdAt), `${label}.createdAt is epoch ms`);
  t.ok(isEpochMs(email.updatedAt), `${label}.updatedAt is epoch ms`);
  t.type(email.email, 'string');
  t.equal(email.normalizedEmail, email.email.toLowerCase(), `${label}.normalizedEmail is the lowercased address`);
  t.type(email.type, 'string');
  t.type(email.isVerified, 'boolean');
  t.equal(email.user, userId, `${label}.user is the owner's id`);
}

/** Every field shared by the four user shapes, with the v1/v2 differences chosen by `version`. */
function assertCommonFields(t: Test, user: any, version: 1 | 2, label: string): void {
  t.match(user.id, UUID, `${label}.id is a lowercase UUID`);
  if (version === 1) {
    t.ok(isEpochMs(user.createdAt), `${label}.createdAt is epoch ms`);
    t.ok(isEpochMs(user.updatedAt), `${label}.updatedAt is epoch ms`);
    t.match(user.team, UUID, `${label}.team is a UUID`);
    t.match(user.role, UUID, `${label}.role is a UUID`);
  } else {
    t.match(user.createdAt, ISO_WITH_OFFSET, `${label}.createdAt is ISO with ms and offset`);
    t.match(user.updatedAt, ISO_WITH_OFFSET, `${label}.updatedAt is ISO with ms and offset`);
    t.match(user.team, /^[a-z0-9_]+$/, `${label}.team is a short id`);
    t.match(user.role, /^[a-z0-9_]+$/, `${label}.role is a short id`);
  }
  for (const field of ['username', 'firstName']) t.ok(typeof user[field] === 'string' && user[field] !== '', `${label}.${field} is a non-empty string`);
  for (const field of ['lastName', 'middleName', 'displayName', 'gender', 'bio', 'profileImageUrl', 'coverImageUrl', 'availabilityStatus']) {
    t.type(user[field], 'string', `${label}.${field} is a string ("" when unset)`);
  }
  t.ok(Number.isSafeInteger(user.dob), `${label}.dob is an integer`);
  const birthday = user.dob % 86_400_000 === 0 && user.dob > Date.UTC(1900, 0, 1) && user.dob < Date.UTC(2025, 0, 1);
  t.ok(user.dob === 0 || birthday, `${label}.dob is 0 (unset) or a birthday in epoch ms`);
  t.match(user.timezone, /^[+-]\d{4}$/, `${label}.timezone is ±HHMM`);
  t.equal(user.data, null);
  t.equal(user.onboardingData, null);
  t.type(user.isActive, 'boolean');
  t.type(user.isDeleted, 'boolean');
  if (user.isDeleted) t.ok(isEpochMs(user.deletedAt), `${label}.deletedAt is epoch ms when deleted`);
  else t.equal(user.deletedAt, null, `${label}.deletedAt is null when not deleted`);
  t.equal(user.primaryPhone, null);
  t.equal(user.profile, null);
}

export function assertUserV1(t: Test, user: any, label = 'user'): void {
  t.same(Object.keys(user), USER_KEYS, `${label}: the 28 fields in the docs' order`);
  assertCommonFields(t, user, 1, label);
  t.same(user.phones, [], `${label}.phones is []`);
  t.ok(Array.isArray(user.emails) && user.emails.length > 0, `${label}.emails is a non-empty array`);
  user.emails.forEach((email: unknown, index: number) => assertEmail(t, email, user.id, `${label}.emails[${index}]`));
  assertEmail(t, user.primaryEmail, user.id, `${label}.primaryEmail`);
  t.same(user.primaryEmail, user.emails[0], `${label}.primaryEmail is emails[0]`);
  t.ok(Array.isArray(user.reportees) && user.reportees.every((id: string) => UUID.test(id)), `${label}.reportees are UUIDs`);
}

export function assertUserV2(t: Test, user: any, label = 'user'): void {
  t.same(Object.keys(user), USER_KEYS, `${label}: the 28 fields`);
  assertCommonFields(t, user, 2, label);
  user.emails.forEach((email: unknown, index: number) => assertEmail(t, email, user.id, `${label}.emails[${index}]`));
  t.equal(user.primaryEmail, user.emails[0].email, `${label}.primaryEmail is the address string`);
}

export function assertListItem(t: Test, item: any, version: 1 | 2, label: string): void {
  t.same(Object.keys(item), LIST_ITEM_KEYS, `${label}: the 25 list fields, no phones/emails/reportees`);
  assertCommonFields(t, item, version, label);
  if (version === 1) assertEmail(t, item.primaryEmail, item.id, `${label}.primaryEmail`);
  else t.type(item.primaryEmail, 'string');
}

/** The `timezone` offset applied to epoch ms, as the mock writes v2 timestamps. */
export function expectedIso(ms: number, offset: string): string {
  const sign = offset[0] === '-' ? -1 : 1;
  const minutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(3, 5)));
  return `${new Date(ms + minutes * 60_000).toISOString().slice(0, -1)}${offset.slice(0, 3)}:${offset.slice(3)}`;
}

export class ChakraClientError extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
    readonly errors: string[],
    readonly responseBody: unknown,
  ) {
    super(message);
  }
}

/** A client with the SDK's request and error conventions (see the file comment). */
export class ChakraClient {
  private readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly accessToken: string,
  ) {
    this.baseUrl = baseUrl.replace(/\/$/, '');
  }

  async request<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.accessToken}`, Accept: 'application/json', 'X-Chakra-SDK': 'chat-user-mock-tests' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const isJson = (response.headers.get('content-type') ?? '').includes('application/json');
    const text = await response.text();
    const parsed: unknown = isJson ? JSON.parse(text) : text || null;
    if (!response.ok) {
      const errors = Array.isArray((parsed as { _errors?: unknown })?._errors) ? (parsed as { _errors: string[] })._errors : [];
      throw new ChakraClientError(errors[0] ?? `Request failed with status ${response.status}`, response.status, errors, parsed);
    }
    return parsed as T;
  }

  get<T = any>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }
}
