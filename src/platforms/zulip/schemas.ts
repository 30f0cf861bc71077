/**
 * JSON schemas of Zulip's user endpoints (checked against zerver/openapi/zulip.yaml,
 * Zulip 10+ field set). They document the routes in Swagger and drive serialization,
 * so property order here is the wire order of format_user_row (docs/platforms/zulip.md#user-object).
 */

const nullable = (type: string) => ({ type: [type, 'null'] });

export const userFields = {
  email: { type: 'string', description: 'Zulip API email: the real address when visible to everyone, else user{id}@{domain}' },
  user_id: { type: 'integer' },
  avatar_version: { type: 'integer' },
  is_admin: { type: 'boolean' },
  is_owner: { type: 'boolean' },
  is_guest: { type: 'boolean' },
  role: { type: 'integer', enum: [100, 200, 300, 400, 600] },
  is_bot: { type: 'boolean' },
  full_name: { type: 'string' },
  timezone: { type: 'string' },
  is_active: { type: 'boolean' },
  date_joined: { type: 'string', description: 'ISO 8601, minute precision (Zulip 10+)' },
  delivery_email: { ...nullable('string'), description: 'The real email, or null when the caller may not see it' },
  avatar_url: { ...nullable('string'), description: 'null when client_gravatar is true and the avatar is a Gravatar' },
  is_imported_stub: { type: 'boolean', description: 'A stub account imported from another chat system (Zulip 12.0+, feature level 433)' },
  is_deleted: { type: 'boolean', enum: [true], description: 'Only present, as true, for a permanently deleted user (Zulip 12.0+, feature level 490)' },
  bot_type: { ...nullable('integer'), description: 'Bots only: 1 generic, 2 incoming webhook, 3 outgoing webhook, 4 embedded' },
  bot_owner_id: { ...nullable('integer'), description: 'Bots only' },
  profile_data: {
    type: 'object',
    description: 'Humans only, when include_custom_profile_fields is true (always on /users/me)',
    additionalProperties: {
      type: 'object',
      properties: { value: { type: 'string' }, rendered_value: { type: 'string' } },
      required: ['value'],
    },
  },
} as const;

export const userSchema = {
  type: 'object',
  properties: userFields,
  required: ['email', 'user_id', 'avatar_version', 'is_admin', 'is_owner', 'is_guest', 'role', 'is_bot', 'full_name', 'timezone', 'is_active', 'date_joined', 'delivery_email', 'avatar_url'],
} as const;

const successBase = {
  result: { type: 'string', enum: ['success'] },
  msg: { type: 'string' },
} as const;

const ignoredParametersUnsupported = {
  type: 'array',
  items: { type: 'string' },
  description: 'Sorted names of the query parameters the endpoint did not use (Zulip 7.0+)',
} as const;

export const errorSchema = {
  type: 'object',
  properties: {
    result: { type: 'string', enum: ['error'] },
    msg: { type: 'string' },
    code: { type: 'string' },
    'retry-after': { type: 'number', description: 'On 429 only: seconds, a float' },
  },
  required: ['result', 'msg'],
} as const;

const errorResponses = {
  400: { description: 'BAD_REQUEST: "No such user", a parameter that is not valid JSON or not a boolean, or a non-Basic scheme', ...errorSchema },
  401: { description: 'UNAUTHORIZED, with WWW-Authenticate: Basic realm="zulip"', ...errorSchema },
  405: { description: 'Method Not Allowed, with an Allow header', ...errorSchema },
  429: { description: 'RATE_LIMIT_HIT, with Retry-After (float seconds)', ...errorSchema },
} as const;

export const queryFlags = {
  client_gravatar: { type: 'string', description: 'JSON boolean (true|false), default true', example: 'true' },
  include_custom_profile_fields: { type: 'string', description: 'JSON boolean (true|false), default false', example: 'false' },
} as const;

const security = [{ basicAuth: [] }];
const tags = ['users'];

/** GET /users/12 (the Zulip docs' example id) with the pre-filled flags, as the mock answers it (test/core/swagger-ui.test.ts checks). */
const getUserExample = {
  result: 'success',
  msg: '',
  user: {
    email: 'prospero@zulip.com',
    user_id: 12,
    avatar_version: 1,
    is_admin: false,
    is_owner: false,
    is_guest: false,
    role: 400,
    is_bot: false,
    full_name: 'Prospero from The Tempest',
    timezone: '',
    is_active: true,
    date_joined: '2019-10-20T07:50+00:00',
    delivery_email: 'prospero@zulip.com',
    avatar_url: null,
    is_imported_stub: false
  }
};

export const getUserSchema = {
  tags,
  security,
  summary: 'Get a user by ID, or by email',
  description: 'GET /users/{user_id} (get-user) and GET /users/{email} (get-user-by-email) share this path: an all-digit segment is an id, anything else an email (a dummy user{id}@domain form or the real address).',
  params: {
    type: 'object',
    properties: { user_id_or_email: { type: 'string', description: 'A user id, or an email', example: '12' } },
    required: ['user_id_or_email'],
  },
  querystring: { type: 'object', properties: queryFlags },
  response: {
    200: {
      type: 'object',
      example: getUserExample,
      properties: { ...successBase, user: userSchema, ignored_parameters_unsupported: ignoredParametersUnsupported },
    },
    ...errorResponses,
  },
};

export const getUsersSchema = {
  tags,
  security,
  summary: 'Get all users',
  description: 'Every user of the realm, deactivated users and bots included, in database order.',
  querystring: {
    type: 'object',
    properties: { ...queryFlags, user_ids: { type: 'string', description: 'JSON array of user IDs, e.g. [10,11] (Zulip 11.0+, feature level 384; older servers ignore it)' } },
  },
  response: {
    200: {
      type: 'object',
      properties: { ...successBase, members: { type: 'array', items: userSchema }, ignored_parameters_unsupported: ignoredParametersUnsupported },
    },
    ...errorResponses,
  },
};

/** GET /users/me as the well-known user (iago@zulip.com), as the mock answers it (test/core/swagger-ui.test.ts checks). */
const getOwnUserExample = {
  result: 'success',
  msg: '',
  email: 'iago@zulip.com',
  user_id: 11,
  avatar_version: 1,
  is_admin: true,
  is_owner: false,
  is_guest: false,
  role: 200,
  is_bot: false,
  full_name: 'Iago',
  timezone: '',
  is_active: true,
  date_joined: '2019-10-20T07:50+00:00',
  delivery_email: 'iago@zulip.com',
  avatar_url: 'https://secure.gravatar.com/avatar/af4f06322c177ef4e1e9b2c424986b54?d=identicon&version=1',
  is_imported_stub: false,
  profile_data: {},
  max_message_id: 30
};

export const getOwnUserSchema = {
  tags,
  security,
  summary: 'Get own user',
  description: 'The caller\'s own user fields, flattened at the top level, plus max_message_id.',
  response: {
    200: {
      type: 'object',
      example: getOwnUserExample,
      properties: { ...successBase, ...userFields, max_message_id: { type: 'integer' } },
    },
    ...errorResponses,
  },
};

export const fetchApiKeySchema = {
  tags: ['authentication'],
  summary: 'Fetch an API key (production)',
  description: 'username + password (multipart or urlencoded), as zulip-js sends them when configured with a password. Every seeded user\'s password is the well-known ZULIP_PASSWORD.',
  consumes: ['multipart/form-data', 'application/x-www-form-urlencoded'],
  body: {
    type: 'object',
    properties: { username: { type: 'string' }, password: { type: 'string' } },
    required: ['username', 'password'],
  },
  response: {
    200: {
      type: 'object',
      properties: { ...successBase, api_key: { type: 'string' }, email: { type: 'string' }, user_id: { type: 'integer' } },
    },
    400: errorResponses[400],
    401: { description: 'Your username or password is incorrect / deactivated account', ...errorSchema },
  },
};

const authenticationMethod = { type: 'boolean' } as const;

export const serverSettingsSchema = {
  tags: ['server_and_organizations'],
  summary: 'Get server settings',
  description:
    'Needs no credentials (a request with an Authorization header is authenticated as usual). The official Python client (zulip.Client) calls it when it is constructed, for zulip_version and zulip_feature_level.',
  security: [{}, { basicAuth: [] }] as Array<Record<string, string[]>>,
  response: {
    200: {
      type: 'object',
      properties: {
        ...successBase,
        authentication_methods: {
          type: 'object',
          properties: {
            password: authenticationMethod,
            dev: authenticationMethod,
            email: authenticationMethod,
            ldap: authenticationMethod,
            remoteuser: authenticationMethod,
            github: authenticationMethod,
            azuread: authenticationMethod,
            gitlab: authenticationMethod,
            apple: authenticationMethod,
            google: authenticationMethod,
            saml: authenticationMethod,
            'openid connect': authenticationMethod,
          },
        },
        zulip_version: { type: 'string' },
        zulip_merge_base: { type: 'string' },
        zulip_feature_level: { type: 'integer' },
        push_notifications_enabled: { type: 'boolean' },
        is_incompatible: { type: 'boolean' },
        email_auth_enabled: { type: 'boolean' },
        require_email_format_usernames: { type: 'boolean' },
        realm_url: { type: 'string' },
        realm_name: { type: 'string' },
        realm_icon: { type: 'string' },
        realm_description: { type: 'string' },
        realm_web_public_access_enabled: { type: 'boolean' },
        external_authentication_methods: { type: 'array', items: { type: 'object', additionalProperties: true } },
        realm_uri: { type: 'string', description: 'Deprecated alias of realm_url (Zulip 9.0, feature level 257)' },
      },
    },
    401: errorResponses[401],
    405: errorResponses[405],
  },
};
