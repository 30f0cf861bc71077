/**
 * JSON schemas of ChakraHQ's user endpoints (docs/platforms/chakra.md#endpoints). They document the routes in
 * Swagger and drive serialization, so property order here is the docs' wire order.
 */

const epochMs = { type: 'integer', description: 'Unix epoch milliseconds' } as const;
const uuid = { type: 'string', format: 'uuid' } as const;
const unsetString = (description: string) => ({ type: 'string', description: `${description}; "" when unset` });
const freeForm = { type: 'object', nullable: true, additionalProperties: true, description: 'Free-form; null when unset' } as const;

export const emailSchema = {
  type: 'object',
  properties: {
    id: uuid,
    createdAt: epochMs,
    updatedAt: epochMs,
    email: { type: 'string' },
    normalizedEmail: { type: 'string' },
    type: { type: 'string' },
    isVerified: { type: 'boolean' },
    user: { ...uuid, description: 'The owning user\'s id' },
  },
  required: ['id', 'createdAt', 'updatedAt', 'email', 'normalizedEmail', 'type', 'isVerified', 'user'],
} as const;

/** The 25 fields shared by every user shape, v1 types (docs/platforms/chakra.md#list-users). */
const commonFields = {
  id: uuid,
  createdAt: epochMs,
  updatedAt: epochMs,
  username: { type: 'string' },
  firstName: { type: 'string' },
  lastName: unsetString('Last name'),
  middleName: unsetString('Middle name'),
  displayName: unsetString('Display name'),
  gender: unsetString('Gender'),
  dob: { type: 'integer', description: 'Date of birth, epoch milliseconds; 0 when unset' },
  bio: unsetString('Bio'),
  profileImageUrl: unsetString('Profile image URL'),
  coverImageUrl: unsetString('Cover image URL'),
  timezone: { type: 'string', description: 'UTC offset written ±HHMM, e.g. +0530' },
  data: freeForm,
  onboardingData: freeForm,
  isActive: { type: 'boolean' },
  isDeleted: { type: 'boolean' },
  deletedAt: { type: 'integer', nullable: true, description: 'Epoch milliseconds when soft-deleted, else null' },
  availabilityStatus: { type: 'string', example: 'AVAILABLE' },
  team: { ...uuid, description: 'Team UUID: config team.id' },
  role: { ...uuid, description: 'Role UUID: one of config roles[].id' },
  primaryEmail: { ...emailSchema, nullable: true },
  primaryPhone: { type: 'object', nullable: true, additionalProperties: true, description: 'Always null in the mock' },
  profile: { type: 'object', nullable: true, additionalProperties: true, description: 'Always null in the mock' },
} as const;

const commonRequired = Object.keys(commonFields);

/** What v2 ("humanized") changes (docs/platforms/chakra.md#humanized-v2). */
const humanizedFields = {
  createdAt: { type: 'string', format: 'date-time', description: 'ISO 8601 with milliseconds in the user\'s offset, e.g. 2021-09-17T00:04:58.100+05:30' },
  updatedAt: { type: 'string', format: 'date-time', description: 'As createdAt' },
  team: { type: 'string', description: 'Team short id: config team.shortId' },
  role: { type: 'string', description: 'Role short id: config roles[].shortId' },
  primaryEmail: { type: 'string', nullable: true, description: 'The primary address itself' },
} as const;

const fullOnlyFields = {
  phones: { type: 'array', items: { type: 'string' } },
  emails: { type: 'array', items: emailSchema },
} as const;
const reportees = { type: 'array', items: uuid, description: 'Ids of the users reporting to this one' } as const;

export const userV1Schema = {
  type: 'object',
  properties: { ...fullOnlyFields, ...commonFields, reportees },
  required: ['phones', 'emails', ...commonRequired, 'reportees'],
} as const;

export const listItemV1Schema = { type: 'object', properties: commonFields, required: commonRequired } as const;

const v2Fields = { ...commonFields, ...humanizedFields };

export const userV2Schema = {
  type: 'object',
  properties: { ...fullOnlyFields, ...v2Fields, reportees },
  required: ['phones', 'emails', ...commonRequired, 'reportees'],
} as const;

export const listItemV2Schema = { type: 'object', properties: v2Fields, required: commonRequired } as const;

export const configEntrySchema = {
  type: 'object',
  properties: { id: uuid, shortId: { type: 'string' }, name: { type: 'string' } },
  required: ['id', 'shortId', 'name'],
} as const;

/** Config keys besides team and roles: always empty in the mock (docs/platforms/chakra.md#fetch-config). */
export const EMPTY_CONFIG_KEYS = [
  'entities', 'procedures', 'attributeTypes', 'attributes', 'derivedAttributes', 'attributeGroups', 'pods', 'taskTypes',
  'forms', 'formFields', 'formActionButtons', 'stateTasks', 'userProfiles', 'attributeConfig', 'skillTypes',
] as const;

const anyArray = { type: 'array', items: { type: 'object', additionalProperties: true } } as const;

export const configSchema = {
  type: 'object',
  properties: {
    team: configEntrySchema,
    entities: anyArray,
    procedures: anyArray,
    attributeTypes: anyArray,
    attributes: anyArray,
    derivedAttributes: anyArray,
    attributeGroups: anyArray,
    roles: { type: 'array', items: configEntrySchema },
    pods: anyArray,
    taskTypes: anyArray,
    forms: anyArray,
    formFields: anyArray,
    formActionButtons: anyArray,
    stateTasks: anyArray,
    userProfiles: anyArray,
    attributeConfig: anyArray,
    skillTypes: anyArray,
  },
  required: ['team', 'roles', ...EMPTY_CONFIG_KEYS],
} as const;

export const errorSchema = {
  type: 'object',
  properties: { _errors: { type: 'array', items: { type: 'string' }, minItems: 1 } },
  required: ['_errors'],
} as const;

const envelope = (data: object, description: string) => ({
  description,
  type: 'object',
  properties: { _data: data },
  required: ['_data'],
});

const unauthorized = {
  401: { description: 'Missing, malformed or unknown token: {"_errors":["Unauthorized"]} (CHAKRA_UNAUTHORIZED_STATUS=403 answers 403 "Forbidden")', ...errorSchema },
  403: { description: 'Only with CHAKRA_UNAUTHORIZED_STATUS=403', ...errorSchema },
} as const;
const unknownUser = {
  404: { description: 'No user with this id: {"_errors":["User not found"]} (status: CHAKRA_UNKNOWN_USER_STATUS / CHAKRA_MALFORMED_USER_ID_STATUS)', ...errorSchema },
} as const;

const security = [{ bearerAuth: [] }];
const tags = ['users'];
const userIdParams = {
  type: 'object',
  properties: { userId: { type: 'string', description: 'The user\'s UUID', example: 'a91b5073-e9d4-4959-9fd3-6edf79c2c5a4' } },
  required: ['userId'],
} as const;

/** GET /v1/ext/user/{userId} and /v2/... for the docs' user, as the mock answers them (test/core/swagger-ui.test.ts checks). */
const johnEmail = {
  id: '9763caa1-cef3-497f-b3b2-f551456b2831',
  createdAt: 1631817298108,
  updatedAt: 1631817298108,
  email: 'john@acme.com',
  normalizedEmail: 'john@acme.com',
  type: '',
  isVerified: false,
  user: 'a91b5073-e9d4-4959-9fd3-6edf79c2c5a4',
};

const fetchUserV1Example = {
  _data: {
    phones: [],
    emails: [johnEmail],
    id: 'a91b5073-e9d4-4959-9fd3-6edf79c2c5a4',
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
    team: '64788f5d-1580-4814-855b-257c7a33aa35',
    role: '11671be1-17bc-453d-8898-c62d94ef2bc1',
    primaryEmail: johnEmail,
    primaryPhone: null,
    profile: null,
    reportees: []
  }
};

/** v2 humanizes the times (in the user's offset), the team and role ids, and the primary email. */
const fetchUserV2Example = {
  _data: {
    ...fetchUserV1Example._data,
    createdAt: '2021-09-17T00:04:58.100+05:30',
    updatedAt: '2021-09-17T00:04:58.124+05:30',
    team: 'paisapay',
    role: 'inside_sales',
    primaryEmail: 'john@acme.com',
  },
};

export const fetchUserV1Schema = {
  tags,
  security,
  summary: 'Fetch User API (v1)',
  description: 'One user of the token\'s team, with epoch-millisecond timestamps and team/role UUIDs.',
  params: userIdParams,
  response: { 200: { ...envelope(userV1Schema, 'The user'), example: fetchUserV1Example }, ...unauthorized, ...unknownUser, 400: { description: 'Only with CHAKRA_MALFORMED_USER_ID_STATUS=400 or CHAKRA_UNKNOWN_USER_STATUS=400', ...errorSchema } },
};

export const fetchUserV2Schema = {
  ...fetchUserV1Schema,
  summary: 'Fetch User API (V2)',
  description: '"Humanized" v1: ISO-8601 createdAt/updatedAt in the user\'s offset, team and role short ids, primaryEmail as a string. emails[] unchanged.',
  response: { ...fetchUserV1Schema.response, 200: { ...envelope(userV2Schema, 'The user, humanized'), example: fetchUserV2Example } },
};

export const listUsersV1Schema = {
  tags,
  security,
  summary: 'List Users API (v1)',
  description: 'Every user of the token\'s team (deleted and inactive included), in creation order, in one response. Items have no phones, emails or reportees.',
  response: { 200: envelope({ type: 'array', items: listItemV1Schema }, 'The team\'s users'), ...unauthorized },
};

export const listUsersV2Schema = {
  ...listUsersV1Schema,
  summary: 'List Users API (V2)',
  description: 'List Users, humanized as Fetch User v2.',
  response: { ...listUsersV1Schema.response, 200: envelope({ type: 'array', items: listItemV2Schema }, 'The team\'s users, humanized') },
};

const updateBody = {
  type: 'object',
  description: 'A partial user: only the keys sent change. Unknown and read-only keys are ignored (CHAKRA_UPDATE_UNKNOWN_FIELDS=reject refuses them).',
  properties: {
    firstName: { type: 'string', minLength: 1 },
    lastName: { type: 'string' },
    middleName: { type: 'string' },
    displayName: { type: 'string' },
    username: { type: 'string', minLength: 1 },
    gender: { type: 'string' },
    dob: { type: 'integer', description: 'Epoch milliseconds, 0 to unset' },
    bio: { type: 'string' },
    profileImageUrl: { type: 'string' },
    coverImageUrl: { type: 'string' },
    timezone: { type: 'string', pattern: '^([+-]\\d{4})?$', example: '+0530' },
    data: { type: 'object', nullable: true, additionalProperties: true },
    onboardingData: { type: 'object', nullable: true, additionalProperties: true },
    availabilityStatus: { type: 'string', minLength: 1 },
    role: { type: 'string', format: 'uuid', description: 'A role id from Fetch Config' },
  },
  example: { firstName: 'John', lastName: 'Doe' },
} as const;

export const updateUserSchema = {
  tags,
  security,
  summary: 'Update User API',
  description: 'The docs label it GET; the mock takes PUT and PATCH, both partial. Bumps updatedAt. Answers the updated v1 user (CHAKRA_UPDATE_RESPONSE=empty answers {}).',
  params: userIdParams,
  body: updateBody,
  response: {
    200: {
      description: 'The updated user (v1), or {} with CHAKRA_UPDATE_RESPONSE=empty',
      type: 'object',
      properties: { _data: userV1Schema },
    },
    400: { description: 'Body not a JSON object, invalid JSON, or a field of the wrong type: one message per wrong field (status: CHAKRA_INVALID_BODY_STATUS)', ...errorSchema },
    ...unauthorized,
    ...unknownUser,
    413: { description: 'Body over 1 MiB', ...errorSchema },
    415: { description: 'A content type other than JSON or text', ...errorSchema },
  },
};

export const fetchConfigSchema = {
  tags: ['config'],
  security,
  summary: 'Fetch Config',
  description: 'The team and its roles, which map the v1 UUIDs of users\' team/role to the v2 short ids; every other config key is an empty array.',
  response: { 200: envelope(configSchema, 'The team config'), ...unauthorized },
};

export const healthSchema = {
  tags: ['health'],
  summary: 'Health',
  description: 'The endpoint ChakraHQ\'s n8n node tests credentials with. No token needed unless CHAKRA_HEALTH_REQUIRES_TOKEN=true.',
  response: { 200: envelope({ type: 'object', additionalProperties: false }, '{"_data":{}}'), ...unauthorized },
};
