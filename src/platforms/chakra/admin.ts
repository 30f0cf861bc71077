import type { PlatformUsers } from '../../core/platform.js';
import { FieldChecker } from '../../core/validation.js';
import { USERS, UTC_OFFSET, UUID, type ChakraEmail, type ChakraUser } from './models.js';
import { ChakraRepository } from './repository.js';
import type { ChakraSettings } from './settings.js';
import { fromV2 } from './wire.js';

const FIELDS = [
  'phones', 'emails', 'id', 'createdAt', 'updatedAt', 'username', 'firstName', 'lastName', 'middleName', 'displayName',
  'gender', 'dob', 'bio', 'profileImageUrl', 'coverImageUrl', 'timezone', 'data', 'onboardingData', 'isActive', 'isDeleted',
  'deletedAt', 'availabilityStatus', 'team', 'role', 'primaryEmail', 'primaryPhone', 'profile', 'reportees',
] as const;

const EMAIL_FIELDS = ['id', 'createdAt', 'updatedAt', 'email', 'normalizedEmail', 'type', 'isVerified', 'user'];

const isUuid = (value: unknown) => typeof value === 'string' && UUID.test(value);
const isEpochMs = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;
const EPOCH_MS_EXPECTED = 'epoch ms, or ISO 8601 with ms and offset as v2 writes it';
const isObjectOrNull = (value: unknown) => value === null || FieldChecker.object(value) !== undefined;

/** An email object as the control API takes it: `email` required, the rest defaulted, no other keys. */
function isEmailInput(value: unknown, userId: string | undefined): boolean {
  const email = FieldChecker.object(value);
  if (!email || Object.keys(email).some((key) => !EMAIL_FIELDS.includes(key))) return false;
  const optional = (key: string, test: (field: unknown) => boolean) => email[key] === undefined || test(email[key]);
  return (
    typeof email.email === 'string' && /^[^@\s]+@[^@\s]+$/.test(email.email) &&
    optional('id', isUuid) &&
    optional('createdAt', Number.isSafeInteger) &&
    optional('updatedAt', Number.isSafeInteger) &&
    optional('normalizedEmail', (field) => typeof field === 'string') &&
    optional('type', (field) => typeof field === 'string') &&
    optional('isVerified', (field) => typeof field === 'boolean') &&
    optional('user', (field) => userId === undefined || field === userId)
  );
}

const EMAIL_EXPECTED = 'an email object: {"email": "a@b.c"} plus optional id (UUID), createdAt, updatedAt (epoch ms), normalizedEmail, type, isVerified, user (this user\'s id)';

/**
 * Chakra users for the control API, in the v1 Fetch User shape, or the v2 one as Fetch User v2
 * and the list items show it (wire.ts fromV2). Only the 28 fields; team must be the config's
 * team, role one of its roles, reportees existing users.
 */
export const chakraUsers: PlatformUsers<ChakraSettings> = {
  count: (store) => store.count(USERS),
  list: (store, page) => store.list(USERS, page).map((record) => JSON.parse(record.data) as ChakraUser),
  get: (store, id) => new ChakraRepository(store).byId(id),
  delete: (store, id) => new ChakraRepository(store).deleteUser(id),
  put(store, id, body, now) {
    const users = new ChakraRepository(store);
    const given = FieldChecker.object(body);
    if (!given) return { ok: false, errors: [{ field: '(body)', message: 'must be a JSON object' }] };
    if (id !== undefined && !UUID.test(id)) return { ok: false, errors: [{ field: 'id', message: 'must be a lowercase UUID' }] };
    const existing = id === undefined ? undefined : users.byId(id);
    const config = users.config();
    const fields = fromV2(given, config);
    const roleIds = (config?.roles ?? []).map((role) => role.id);
    const userId = id ?? (typeof fields.id === 'string' ? fields.id : undefined);

    const check = new FieldChecker(fields, FIELDS, "this platform's user")
      .custom('phones', (value) => Array.isArray(value) && value.every((phone) => typeof phone === 'string'), 'an array of strings')
      .custom('emails', (value) => Array.isArray(value) && value.every((email) => isEmailInput(email, userId)), `an array of ${EMAIL_EXPECTED}`)
      .custom('id', isUuid, 'a lowercase UUID')
      .custom('createdAt', isEpochMs, EPOCH_MS_EXPECTED)
      .custom('updatedAt', isEpochMs, EPOCH_MS_EXPECTED)
      .string('username', !existing, /\S/, 'a non-empty string')
      .string('firstName', !existing, /\S/, 'a non-empty string')
      .string('lastName')
      .string('middleName')
      .string('displayName')
      .string('gender')
      .integer('dob')
      .string('bio')
      .string('profileImageUrl')
      .string('coverImageUrl')
      .custom('timezone', (value) => value === '' || (typeof value === 'string' && UTC_OFFSET.test(value)), 'a UTC offset such as "+0530", or ""')
      .custom('data', isObjectOrNull, 'an object or null')
      .custom('onboardingData', isObjectOrNull, 'an object or null')
      .boolean('isActive')
      .boolean('isDeleted')
      .nullableInteger('deletedAt')
      .string('availabilityStatus', false, /\S/, 'a non-empty string')
      .oneOf('team', config ? [config.team.id] : [])
      .oneOf('role', roleIds)
      .custom('primaryEmail', (value) => value === null || isEmailInput(value, userId), `null, an address, or ${EMAIL_EXPECTED}`)
      .oneOf('primaryPhone', [null])
      .oneOf('profile', [null])
      .custom('reportees', (value) => Array.isArray(value) && value.every(isUuid), 'an array of user ids');
    if (id !== undefined && fields.id !== undefined && fields.id !== id) check.add('id', 'must match the id in the path');
    if (id === undefined && typeof fields.id === 'string' && users.byId(fields.id)) check.add('id', 'is already used by another user');
    if (Array.isArray(fields.reportees)) {
      for (const reportee of fields.reportees as unknown[]) {
        if (typeof reportee === 'string' && (reportee === userId || !users.byId(reportee))) {
          check.add('reportees', `${reportee} is not another existing user`);
        }
      }
    }
    if (check.errors.length > 0) return { ok: false, errors: check.errors };

    const newId = existing?.id ?? userId ?? users.nextId();
    const base: ChakraUser = existing ?? {
      phones: [],
      emails: [],
      id: newId,
      createdAt: now,
      updatedAt: now,
      username: '',
      firstName: '',
      lastName: '',
      middleName: '',
      displayName: '',
      gender: '',
      dob: 0,
      bio: '',
      profileImageUrl: '',
      coverImageUrl: '',
      timezone: '+0000',
      data: null,
      onboardingData: null,
      isActive: true,
      isDeleted: false,
      deletedAt: null,
      availabilityStatus: 'AVAILABLE',
      team: config?.team.id ?? '',
      role: roleIds[0] ?? '',
      primaryEmail: null,
      primaryPhone: null,
      profile: null,
      reportees: [],
    };
    const merged = { ...base, ...(fields as Partial<ChakraUser>), id: newId };
    const toEmail = (input: Partial<ChakraEmail>): ChakraEmail => ({
      id: input.id ?? users.nextId(),
      createdAt: input.createdAt ?? merged.createdAt,
      updatedAt: input.updatedAt ?? input.createdAt ?? merged.createdAt,
      email: input.email!,
      normalizedEmail: input.normalizedEmail ?? input.email!.trim().toLowerCase(),
      type: input.type ?? '',
      isVerified: input.isVerified ?? false,
      user: newId,
    });
    const emails = fields.emails === undefined ? base.emails : (fields.emails as Partial<ChakraEmail>[]).map(toEmail);
    // primaryEmail is one of emails: a given one is matched (or added) by id/address; otherwise the old one if kept, else the first.
    let primaryEmail: ChakraEmail | null;
    if (fields.primaryEmail === null) primaryEmail = null;
    else if (fields.primaryEmail !== undefined) {
      const given = fields.primaryEmail as Partial<ChakraEmail>;
      const match = emails.find((email) => (given.id !== undefined ? email.id === given.id : email.email === given.email));
      primaryEmail = match ?? toEmail(given);
      if (!match) emails.unshift(primaryEmail);
    } else {
      primaryEmail = emails.find((email) => email.id === base.primaryEmail?.id) ?? emails[0] ?? null;
    }
    const user: ChakraUser = { ...merged, emails, primaryEmail };
    users.put(user);
    return { ok: true, id: newId, created: !existing, user: users.byId(newId) };
  },
};
