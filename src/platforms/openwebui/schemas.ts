/**
 * JSON schemas of the Open WebUI routes (0.8.x models, docs/platforms/openwebui.md#endpoints). They document the
 * routes in Swagger and drive serialization: property order here is the wire order.
 */

const nullable = (type: string, description?: string) => ({ type: [type, 'null'], ...(description ? { description } : {}) });
const freeObject = (description: string) => ({ type: ['object', 'null'], additionalProperties: true, description });

const status = {
  status_emoji: nullable('string'),
  status_message: nullable('string'),
  status_expires_at: nullable('integer', 'epoch seconds'),
} as const;

/** UserModel, declaration order (models/users.py, 0.8.1+ with scim). */
export const userModelFields = {
  id: { type: 'string', description: 'uuid4' },
  email: { type: 'string', description: 'stored lower-cased' },
  username: nullable('string'),
  role: { type: 'string', description: 'admin | user | pending' },
  name: { type: 'string' },
  profile_image_url: { type: 'string', description: 'stored value; /api/v1/users/{id}/profile/image when empty' },
  profile_banner_image_url: nullable('string'),
  bio: nullable('string'),
  gender: nullable('string'),
  date_of_birth: nullable('string', 'YYYY-MM-DD'),
  timezone: nullable('string'),
  presence_state: nullable('string'),
  ...status,
  info: freeObject('free-form'),
  settings: freeObject('{"ui": {...}, ...}'),
  oauth: freeObject('{"<provider>": {"sub": "..."}}'),
  scim: freeObject('{"<provider>": {"external_id": "..."}}'),
  last_active_at: { type: 'integer', description: 'epoch seconds' },
  updated_at: { type: 'integer', description: 'epoch seconds' },
  created_at: { type: 'integer', description: 'epoch seconds' },
} as const;

const groupsField = {
  type: 'array',
  items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } }, required: ['id', 'name'] },
} as const;

const { id, email, username, role, name, profile_image_url, profile_banner_image_url, bio, gender, date_of_birth, timezone, presence_state,
  info, settings, oauth, scim, last_active_at, updated_at, created_at } = userModelFields;

export const userModelSchema = { type: 'object', properties: userModelFields } as const;

/** UserActiveResponse(UserStatus): declared fields first, then the UserModel extras (docs/platforms/openwebui.md#get-a-user). */
export const activeUserSchema = {
  type: 'object',
  properties: {
    ...status,
    name,
    profile_image_url,
    groups: groupsField,
    is_active: { type: 'boolean', description: 'last_active_at within 180 s of the server clock' },
    id, email, username, role, profile_banner_image_url, bio, gender, date_of_birth, timezone, presence_state,
    info, settings, oauth, scim, last_active_at, updated_at, created_at,
  },
} as const;

/** UserInfoResponse (0.8.0+). */
export const userInfoSchema = {
  type: 'object',
  properties: { ...status, id, name, email, role, bio, groups: groupsField, is_active: { type: 'boolean' } },
} as const;

const permissionsField = { type: 'object', additionalProperties: true, description: 'the caller\'s effective permissions' } as const;

/** SigninResponse(Token, UserProfileImageResponse): pydantic lists the last base's fields first. */
const signinFields = {
  id, name, role, email,
  profile_image_url: { type: 'string' },
  token: { type: 'string' },
  token_type: { type: 'string', enum: ['Bearer'] },
} as const;

/** SessionUserResponse of sign-in and sign-up. */
const sessionUserSchema = {
  type: 'object',
  properties: {
    ...signinFields,
    expires_at: nullable('integer', 'JWT exp; null when JWT_EXPIRES_IN=-1'),
    permissions: permissionsField,
  },
} as const;

/** SessionUserInfoResponse(SessionUserResponse, UserStatus) of GET /auths/. */
const sessionUserInfoSchema = {
  type: 'object',
  properties: {
    ...status,
    ...sessionUserSchema.properties,
    bio, gender, date_of_birth,
  },
} as const;

const detailSchema = (description: string) => ({
  description,
  type: 'object',
  properties: { detail: { description: 'a message, or for 422 a list of {type, loc, msg, input, ctx?}' } },
});

const unauthorized = detailSchema('Not authenticated | 401 Unauthorized | session expired | ACCESS_PROHIBITED for a wrong role');
const forbidden = detailSchema('API keys not enabled, or an action on the primary admin / oneself');
const invalid = detailSchema('FastAPI validation error: {"detail": [{type, loc, msg, input}]}');
const badRequest = (description: string) => detailSchema(description);

const security: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }, { apiKeyHeader: [] }];
const userTags = ['users'];
const authTags = ['auths'];
const userIdParams = { type: 'object', properties: { user_id: { type: 'string', example: 'user-123' } }, required: ['user_id'] } as const;

/** GET /api/v1/users/user-123, as the mock answers it (test/core/swagger-ui.test.ts checks). */
const getUserExample = {
  status_emoji: null,
  status_message: null,
  status_expires_at: null,
  name: 'John Doe',
  profile_image_url: '/api/v1/users/user-123/profile/image',
  groups: [ { id: 'group-456', name: 'Engineering' }, { id: 'group-789', name: 'Admins' } ],
  is_active: false,
  id: 'user-123',
  email: 'user@example.com',
  username: 'johndoe',
  role: 'user',
  profile_banner_image_url: null,
  bio: 'Software developer',
  gender: null,
  date_of_birth: null,
  timezone: 'America/New_York',
  presence_state: null,
  info: null,
  settings: { ui: {} },
  oauth: null,
  scim: null,
  last_active_at: 1735686000,
  updated_at: 1735603200,
  created_at: 1704067200
};

export const getUserSchema = {
  tags: userTags,
  security,
  summary: 'Get user by id (admin)',
  description:
    'The full user with groups and is_active. `shared-{chat_id}` resolves the owner of a shared chat (0.8.x). Unknown user or chat: 400, never 404.',
  params: userIdParams,
  response: {
    200: { ...activeUserSchema, example: getUserExample },
    400: badRequest("We could not find what you're looking for :/"),
    401: unauthorized,
    403: forbidden,
  },
};

/** GET /api/v1/users/user-123/info, as the mock answers it (test/core/swagger-ui.test.ts checks). */
const getUserInfoExample = {
  status_emoji: null,
  status_message: null,
  status_expires_at: null,
  id: 'user-123',
  name: 'John Doe',
  email: 'user@example.com',
  role: 'user',
  bio: 'Software developer',
  groups: [ { id: 'group-456', name: 'Engineering' }, { id: 'group-789', name: 'Admins' } ],
  is_active: false
};

export const getUserInfoSchema = {
  tags: userTags,
  security,
  summary: 'Get user info (verified users)',
  params: userIdParams,
  response: { 200: { ...userInfoSchema, example: getUserInfoExample }, 400: badRequest('Unknown user'), 401: unauthorized, 403: forbidden },
};

export const getUserActiveSchema = {
  tags: userTags,
  security,
  summary: 'Whether a user was active in the last 180 seconds (verified users)',
  params: userIdParams,
  response: { 200: { type: 'object', properties: { active: { type: 'boolean' } }, example: { active: false } }, 401: unauthorized, 403: forbidden },
};

const listQuery = {
  type: 'object',
  properties: {
    query: { type: 'string', description: 'case-insensitive substring (SQL LIKE) of name or email' },
    order_by: { type: 'string', description: 'name | email | created_at | last_active_at | updated_at | role | group_id:<id>' },
    direction: { type: 'string', description: '"asc"; anything else is descending when order_by is given' },
    page: { type: 'integer', minimum: 1, default: 1, description: '30 users a page' },
  },
} as const;

export const listUsersSchema = {
  tags: userTags,
  security,
  summary: 'List users (admin)',
  querystring: listQuery,
  response: {
    200: {
      type: 'object',
      properties: {
        users: { type: 'array', items: { type: 'object', properties: { ...userModelFields, group_ids: { type: 'array', items: { type: 'string' } } } } },
        total: { type: 'integer' },
      },
    },
    401: unauthorized,
    403: forbidden,
    422: invalid,
  },
};

const infoList = {
  type: 'object',
  properties: { users: { type: 'array', items: userInfoSchema }, total: { type: 'integer' } },
} as const;

export const allUsersSchema = {
  tags: userTags,
  security,
  summary: 'All users, newest first (admin)',
  description: 'Items always carry groups: [] and is_active: false, as the real handler never fills them.',
  response: { 200: infoList, 401: unauthorized, 403: forbidden },
};

export const searchUsersSchema = {
  tags: userTags,
  security,
  summary: 'Search users (verified users)',
  querystring: listQuery,
  response: { 200: infoList, 401: unauthorized, 403: forbidden, 422: invalid },
};

export const updateUserSchema = {
  tags: userTags,
  security,
  summary: 'Update a user: role, name, email, profile image, password (admin)',
  params: userIdParams,
  body: {
    type: 'object',
    properties: {
      role: { type: 'string' },
      name: { type: 'string' },
      email: { type: 'string' },
      profile_image_url: { type: 'string' },
      password: nullable('string'),
    },
    description: 'Open WebUI 0.8 requires role, name, email and profile_image_url; 0.9+ takes each as optional and applies those sent',
  },
  response: {
    200: userModelSchema,
    400: badRequest('unknown user, email taken, password too long'),
    401: unauthorized,
    403: forbidden,
    422: invalid,
  },
};

export const deleteUserSchema = {
  tags: userTags,
  security,
  summary: 'Delete a user (admin)',
  description: 'true, even for an unknown id; 403 for oneself and for the primary admin.',
  params: userIdParams,
  response: { 200: { type: 'boolean' }, 401: unauthorized, 403: forbidden },
};

export const sessionSchema = {
  tags: authTags,
  security,
  summary: 'The caller (any signed-in user, pending included)',
  response: { 200: sessionUserInfoSchema, 401: unauthorized, 403: forbidden },
};

export const signinSchema = {
  tags: authTags,
  summary: 'Sign in with email and password',
  description: 'Returns an HS256 JWT and sets the `token` cookie.',
  body: {
    type: 'object',
    properties: { email: { type: 'string' }, password: { type: 'string' } },
    required: ['email', 'password'],
  },
  response: {
    200: sessionUserSchema,
    400: badRequest('The email or password provided is incorrect…'),
    422: invalid,
    429: badRequest('API rate limit exceeded: more than 15 attempts for one email in 3 minutes'),
  },
};

const signupBody = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    email: { type: 'string' },
    password: { type: 'string' },
    profile_image_url: { type: ['string', 'null'], default: '/user.png' },
  },
  required: ['name', 'email', 'password'],
} as const;

export const signupSchema = {
  tags: authTags,
  summary: 'Sign up',
  description: 'The first account ever becomes admin and switches sign-up off; later ones get DEFAULT_USER_ROLE (pending).',
  body: signupBody,
  response: {
    200: sessionUserSchema,
    400: badRequest('invalid email format, email taken, password too long'),
    403: forbidden,
    422: invalid,
  },
};

export const addUserSchema = {
  tags: authTags,
  security,
  summary: 'Add a user with a chosen role (admin)',
  body: { ...signupBody, properties: { ...signupBody.properties, role: { type: ['string', 'null'], default: 'pending' } } },
  response: {
    200: { type: 'object', properties: signinFields },
    400: badRequest('invalid email format, email taken, password too long'),
    401: unauthorized,
    403: forbidden,
    422: invalid,
  },
};

export const apiKeySchema = {
  tags: authTags,
  security,
  summary: 'The caller\'s API key',
  response: { 200: { type: 'object', properties: { api_key: { type: 'string' } } }, 401: unauthorized, 403: forbidden, 404: badRequest('no API key') },
};

export const signoutSchema = (method: 'GET' | 'POST') => ({
  tags: authTags,
  security,
  summary: `Sign out (${method}: GET up to Open WebUI 0.8, POST since 0.9)`,
  description: 'Clears the `token` cookie.',
  response: { 200: { type: 'object', properties: { status: { type: 'boolean' } } }, 401: unauthorized, 403: forbidden },
});
