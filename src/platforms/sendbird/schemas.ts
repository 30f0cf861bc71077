/**
 * JSON schemas of Sendbird's user endpoints. They document the routes in Swagger and
 * drive serialization: property order here is the wire order (docs/platforms/sendbird.md#user-resource), and fields
 * not listed (the mock's private `is_bot`, `unread_channels`) are never sent.
 */

const stringList = { type: 'array', items: { type: 'string' } } as const;

export const userFields = {
  user_id: { type: 'string', maxLength: 80, description: 'Unique user ID, up to 80 characters' },
  nickname: { type: 'string', description: 'Up to 80 characters; may be empty' },
  profile_url: { type: 'string', description: 'Profile image URL, "" when none; up to 2,048 characters' },
  require_auth_for_profile_image: { type: 'boolean' },
  metadata: {
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Up to 5 string values; keys up to 128 characters without commas, values up to 190',
  },
  access_token: { type: 'string', description: '"" unless issued with issue_access_token (40 hex digits)' },
  created_at: { type: 'integer', description: 'Unix seconds' },
  discovery_keys: stringList,
  is_hide_me_from_friends: { type: 'boolean' },
  is_shadow_blocked: { type: 'boolean' },
  session_tokens: {
    type: 'array',
    description: 'Always [] for users of this API version (tokens of POST /users/{id}/token are not stored)',
    items: { type: 'object', properties: { session_token: { type: 'string' }, expires_at: { type: 'integer' } } },
  },
  is_online: { type: 'boolean' },
  last_seen_at: { type: 'integer', description: 'Unix milliseconds; 0 while online, -1 when never seen' },
  is_active: { type: 'boolean', description: 'false once deactivated' },
  has_ever_logged_in: { type: 'boolean' },
  preferred_languages: { ...stringList, maxItems: 4 },
  locale: { type: 'string' },
} as const;

const alwaysPresent = Object.keys(userFields);

export const userSchema = { type: 'object', properties: userFields, required: alwaysPresent } as const;

const viewedUserSchema = {
  type: 'object',
  properties: {
    ...userFields,
    unread_message_count: { type: 'integer', description: 'Only with include_unread_count=true' },
    unread_channel_count: { type: 'integer', description: 'Only with include_unread_count=true' },
  },
  required: alwaysPresent,
} as const;

const createdUserSchema = {
  type: 'object',
  properties: {
    ...userFields,
    is_created: { type: 'boolean', enum: [true], description: 'Create response only' },
    phone_number: { type: 'string', description: 'Create response only, ""' },
  },
  required: [...alwaysPresent, 'is_created', 'phone_number'],
} as const;

export const errorSchema = {
  type: 'object',
  properties: {
    message: { type: 'string' },
    code: { type: 'integer', description: 'Six-digit Sendbird error code' },
    error: { type: 'boolean', enum: [true] },
  },
  required: ['message', 'code', 'error'],
} as const;

const rateLimitHeaders = {
  'X-RateLimit-Limit': { type: 'string', description: 'N;w=W: N calls per W seconds for this endpoint' },
  'X-RateLimit-Remaining': { type: 'string', description: 'Calls left in the window' },
  'X-RateLimit-Reset': { type: 'string', description: 'Seconds until the window is free again' },
  'X-RateLimit-RetryAfter': { type: 'string', description: 'Seconds to wait before retrying (0 unless limited)' },
} as const;

const apiTokenHeader = {
  type: 'object',
  properties: { 'api-token': { type: 'string', description: 'Master or secondary API token (header name case-insensitive)' } },
} as const;

const commonErrors = {
  400: {
    description:
      '400401 missing or wrong Api-Token; 400111 invalid value; 40010x wrong parameter type; 400105 missing parameter; 400110 value too long; 400201 "User" not found; 400202 user exists; 400403 invalid JSON body',
    ...errorSchema,
  },
  429: { description: '500910 rate limit exceeded (only when SENDBIRD_RATE_LIMIT_ENFORCE is on), with X-RateLimit-* headers', ...errorSchema },
  500: { description: '500901 internal error', ...errorSchema },
} as const;

const security = [{ apiToken: [] }];
const tags = ['users'];
const userIdParams = {
  type: 'object',
  properties: { user_id: { type: 'string', description: 'Percent-encoded once; %2F stays inside the id', example: 'Tyler' } },
  required: ['user_id'],
} as const;

const success = <T extends object>(description: string, schema: T) => ({ description, headers: rateLimitHeaders, ...schema });

/** The docs' GET /v3/users/Tyler?include_unread_count=true&custom_types=art,sports, as the mock answers it (test/core/swagger-ui.test.ts checks). */
const viewUserExample = {
  user_id: 'Tyler',
  nickname: 'SilentSoccer',
  profile_url: 'https://sendbird.com/main/img/profiles/profile_11_512px.png',
  require_auth_for_profile_image: false,
  metadata: { font_preference: 'times new roman', font_color: 'black' },
  access_token: '800284474d5d94f3e1658c6c0794872bda4f5f72',
  created_at: 1581084870,
  discovery_keys: [],
  is_hide_me_from_friends: false,
  is_shadow_blocked: false,
  session_tokens: [],
  is_online: false,
  last_seen_at: 1581085696197,
  is_active: true,
  has_ever_logged_in: true,
  preferred_languages: [],
  locale: '',
  unread_message_count: 7,
  unread_channel_count: 2
};

export const viewUserSchema = {
  tags,
  security,
  summary: 'View a user',
  description: 'GET /v3/users/{user_id}. unread_message_count and unread_channel_count appear only with include_unread_count=true; custom_types and super_mode narrow them.',
  headers: apiTokenHeader,
  params: userIdParams,
  querystring: {
    type: 'object',
    properties: {
      include_unread_count: { type: 'boolean', default: false, example: true },
      custom_types: { type: 'string', description: 'Comma-separated custom types (each url-encoded)', example: 'art,sports' },
      super_mode: { type: 'string', enum: ['all', 'super', 'nonsuper'], default: 'all' },
    },
  },
  response: { 200: success('The user resource', { ...viewedUserSchema, example: viewUserExample }), ...commonErrors },
};

export const listUsersSchema = {
  tags,
  security,
  summary: 'List users',
  description: 'GET /v3/users, in creation order. `next` is an opaque token for the following page, "" on the last one; an empty token= is the first page.',
  headers: apiTokenHeader,
  querystring: {
    type: 'object',
    properties: {
      token: { type: 'string' },
      limit: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
      active_mode: { type: 'string', enum: ['activated', 'deactivated', 'all'], default: 'activated' },
      show_bot: { type: 'boolean', default: true },
      user_ids: { type: 'string', description: 'Comma-separated user IDs (each url-encoded), up to 250' },
      nickname: { type: 'string', description: 'Exact nickname' },
      nickname_startswith: { type: 'string' },
      metadatakey: { type: 'string', description: 'Users whose metadata has this key' },
      metadatavalues_in: { type: 'string', description: 'With metadatakey: comma-separated values the key must hold one of' },
    },
  },
  response: {
    200: success('A page of users', {
      type: 'object',
      properties: { users: { type: 'array', items: userSchema }, next: { type: 'string' } },
      required: ['users', 'next'],
    }),
    ...commonErrors,
  },
};

export const createUserSchema = {
  tags,
  security,
  summary: 'Create a user',
  description: 'POST /v3/users with a JSON body. The response adds is_created:true and phone_number:"". A taken user_id gives 400202.',
  headers: apiTokenHeader,
  body: {
    type: 'object',
    properties: {
      user_id: { type: 'string', maxLength: 80 },
      nickname: { type: 'string', maxLength: 80 },
      profile_url: { type: 'string', maxLength: 2048 },
      issue_access_token: { type: 'boolean', default: false },
      discovery_keys: stringList,
      metadata: userFields.metadata,
    },
    required: ['user_id', 'nickname', 'profile_url'],
  },
  response: { 200: success('The created user', createdUserSchema), ...commonErrors },
};

export const updateUserSchema = {
  tags,
  security,
  summary: 'Update a user',
  description: 'PUT /v3/users/{user_id}; every field optional. is_active:false deactivates (and with leave_all_when_deactivated, the default, leaves every group channel).',
  headers: apiTokenHeader,
  params: userIdParams,
  body: {
    type: 'object',
    properties: {
      nickname: { type: 'string', maxLength: 80 },
      profile_url: { type: 'string', maxLength: 2048 },
      issue_access_token: { type: 'boolean', description: 'Revokes the access token and issues a new one' },
      is_active: { type: 'boolean' },
      leave_all_when_deactivated: { type: 'boolean', default: true },
      last_seen_at: { type: 'integer', description: 'Accepted but not applied, as observed on the live service' },
      discovery_keys: stringList,
      preferred_languages: { ...stringList, maxItems: 4 },
    },
  },
  response: { 200: success('The updated user', { ...userSchema }), ...commonErrors },
};

export const deleteUserSchema = {
  tags,
  security,
  summary: 'Delete a user',
  description: 'DELETE /v3/users/{user_id}: 200 with an empty JSON object.',
  headers: apiTokenHeader,
  params: userIdParams,
  response: { 200: success('Deleted', { type: 'object', properties: {}, additionalProperties: false }), ...commonErrors },
};
