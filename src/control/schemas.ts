/** Schemas of the control API (/__mock): they document it in its own OpenAPI document. */

const error = {
  type: 'object',
  properties: {
    error: { type: 'string' },
    message: { type: 'string' },
    statusCode: { type: 'integer' },
    errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
  },
} as const;
const badRequest = { description: 'Invalid request: `errors` lists each wrong field', ...error };
const notFound = { description: 'No such platform, user or fault', ...error };
const unauthorized = { description: 'MOCK_ADMIN_TOKEN is set and the request lacks `Authorization: Bearer <token>`', ...error };
const anyObject = { type: 'object', additionalProperties: true } as const;
const security = [{ adminToken: [] }];

const platformParam = { type: 'object', properties: { platform: { type: 'string', description: 'zulip, sendbird, openwebui, chakra or nandbox', example: 'sendbird' } }, required: ['platform'] } as const;
const userParams = { type: 'object', properties: { platform: platformParam.properties.platform, id: { type: 'string', description: "The user's id on that platform", example: 'Tyler' } }, required: ['platform', 'id'] } as const;
const userEnvelope = { type: 'object', properties: { id: { type: 'string' }, user: anyObject } } as const;

export const health = {
  tags: ['health'],
  summary: 'Liveness: the process answers',
  response: { 200: { type: 'object', properties: { status: { type: 'string' } } } },
};

export const ready = {
  tags: ['health'],
  summary: 'Readiness: the store is open and seeded (the Docker HEALTHCHECK)',
  response: {
    200: { type: 'object', properties: { status: { type: 'string' }, seed: { type: 'integer' }, users: { type: 'integer' } } },
    503: { type: 'object', properties: { status: { type: 'string' } } },
  },
};

export const credentials = {
  tags: ['health'],
  security,
  summary: 'The well-known credentials of every platform',
  description: "Public test credentials (like LocalStack's test/test). Override them by env; see the README.",
  response: { 200: { type: 'object', additionalProperties: { type: 'object', additionalProperties: { type: 'string' } } }, 401: unauthorized },
};

export const reset = {
  tags: ['data'],
  security,
  summary: 'Back to the seeded state',
  description: 'Reseeds every platform (optionally with another seed or users count) and clears the journal, faults and rate-limit windows. The clock is left as it is (DELETE /__mock/clock).',
  body: { type: 'object', properties: { seed: { type: 'integer' }, users: { type: 'integer' } } },
  response: { 200: { type: 'object', properties: { status: { type: 'string' }, seed: { type: 'integer' }, users: { type: 'integer' } } }, 400: badRequest, 401: unauthorized },
};

export const seed = {
  tags: ['data'],
  security,
  summary: 'Add N generated users to one platform or all',
  description: 'Continues the deterministic sequence: the same seed and the same calls give the same users.',
  body: { type: 'object', properties: { count: { type: 'integer', minimum: 1 }, platform: { type: 'string' } }, required: ['count'] },
  response: { 200: { type: 'object', properties: { added: { type: 'integer' }, platforms: { type: 'array', items: { type: 'string' } } } }, 400: badRequest, 401: unauthorized },
};

export const listUsers = {
  tags: ['data'],
  security,
  summary: "A platform's users in its native shape",
  params: platformParam,
  querystring: { type: 'object', properties: { offset: { type: 'integer', default: 0 }, limit: { type: 'integer', default: 100, maximum: 1000 } } },
  response: { 200: { type: 'object', properties: { total: { type: 'integer' }, offset: { type: 'integer' }, users: { type: 'array', items: anyObject } } }, 400: badRequest, 401: unauthorized, 404: notFound },
};

export const createUser = {
  tags: ['data'],
  security,
  summary: 'Create a user from a body in the platform\'s native shape (the platform picks the id)',
  params: platformParam,
  body: anyObject,
  response: { 201: userEnvelope, 400: badRequest, 401: unauthorized, 404: notFound },
};

/** GET /__mock/platforms/sendbird/users/Tyler, as the mock answers it (test/core/swagger-ui.test.ts checks). */
const getUserExample = {
  id: 'Tyler',
  user: {
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
    is_bot: false,
    unread_channels: [
      { custom_type: 'art', is_super: false, messages: 4 },
      { custom_type: 'sports', is_super: false, messages: 3 },
      { custom_type: '', is_super: true, messages: 2 }
    ]
  }
};

export const getUser = {
  tags: ['data'],
  security,
  summary: 'One user in the platform\'s native shape',
  params: userParams,
  response: { 200: { ...userEnvelope, example: getUserExample }, 401: unauthorized, 404: notFound },
};

export const putUser = {
  tags: ['data'],
  security,
  summary: 'Create or replace a user with this id (e.g. PUT /__mock/platforms/zulip/users/12 with a Zulip user body)',
  description:
    'Validated against the platform\'s schema: a 400 lists each wrong field and changes nothing. Fields left out keep their values (or defaults on create). ' +
    'The body may also be the user exactly as the platform\'s own GET returned it: fields the GET derives (role flags, groups, unread counts …) are taken when they agree with the stored ones and are field errors when they contradict them.',
  params: userParams,
  body: anyObject,
  response: { 200: userEnvelope, 201: userEnvelope, 400: badRequest, 401: unauthorized, 404: notFound },
};

export const deleteUser = {
  tags: ['data'],
  security,
  summary: 'Delete a user',
  params: userParams,
  response: { 204: { type: 'null', description: 'Deleted' }, 401: unauthorized, 404: notFound },
};

export const getSnapshot = {
  tags: ['data'],
  security,
  summary: 'Export the whole store as JSON',
  response: { 200: { type: 'object', properties: { format: { type: 'string' }, meta: anyObject, records: { type: 'array', items: anyObject } } }, 401: unauthorized },
};

export const putSnapshot = {
  tags: ['data'],
  security,
  summary: 'Replace the whole store with a snapshot from GET /__mock/snapshot',
  body: anyObject,
  response: { 200: { type: 'object', properties: { status: { type: 'string' }, records: { type: 'integer' } } }, 400: badRequest, 401: unauthorized },
};

const filterProperties = {
  platform: { type: 'string' },
  method: { type: 'string', description: 'GET, POST, … or WS for nandbox frames' },
  path: { type: 'string', description: 'the path the client sent; `*` matches any run of characters' },
  status: { type: 'integer' },
  since: { type: 'string', description: 'ms since the epoch or ISO 8601 (inclusive)' },
  until: { type: 'string', description: 'ms since the epoch or ISO 8601 (inclusive)' },
} as const;

const entry = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    time: { type: 'string' },
    timestamp: { type: 'integer' },
    platform: { type: ['string', 'null'] },
    method: { type: 'string' },
    path: { type: 'string' },
    query: anyObject,
    headers: anyObject,
    body: {},
    status: { type: 'integer' },
    responseTimeMs: { type: 'number' },
    direction: { type: 'string' },
  },
} as const;

export const listRequests = {
  tags: ['journal'],
  security,
  summary: 'What clients sent: every platform request and nandbox frame, credentials redacted',
  description: 'A ring buffer (JOURNAL_SIZE, default 10,000): `dropped` counts what no longer fits.',
  querystring: { type: 'object', properties: { ...filterProperties, limit: { type: 'integer', default: 1000, description: 'the newest N matches' } } },
  response: {
    200: {
      type: 'object',
      properties: {
        total: { type: 'integer' },
        held: { type: 'integer' },
        dropped: { type: 'integer' },
        capacity: { type: 'integer' },
        matched: { type: 'integer' },
        requests: { type: 'array', items: entry },
      },
    },
    400: badRequest,
    401: unauthorized,
  },
};

export const clearRequests = {
  tags: ['journal'],
  security,
  summary: 'Empty the journal',
  response: { 204: { type: 'null', description: 'Cleared' }, 401: unauthorized },
};

export const waitRequests = {
  tags: ['journal'],
  security,
  summary: 'Block until N requests match (counting those already journaled), or the timeout passes',
  description: 'Answers as soon as the Nth match lands: tests never sleep. `matched` is false after a timeout.',
  body: { type: 'object', properties: { ...filterProperties, count: { type: 'integer', default: 1 }, timeoutMs: { type: 'integer', default: 5000, maximum: 300000 } } },
  response: { 200: { type: 'object', properties: { matched: { type: 'boolean' }, count: { type: 'integer' }, requests: { type: 'array', items: entry } } }, 400: badRequest, 401: unauthorized },
};

const faultProperties = {
  platform: { type: 'string', description: 'default: every platform' },
  method: { type: 'string', description: 'HTTP method, or WS for nandbox frames' },
  path: { type: 'string', description: "glob on the platform's real path (no prefix), e.g. /v3/users/*; for nandbox the frame method, e.g. getUser" },
  probability: { type: 'number', minimum: 0, maximum: 1 },
  seed: { type: 'integer', description: "seed of this rule's draws; the same seed fires on the same calls" },
  count: { type: 'integer', description: 'fire this many times, then retire' },
  latency: { type: 'object', description: '{"ms": 200} or {"minMs": 50, "maxMs": 500}', additionalProperties: true },
  error: {
    type: 'object',
    description: "an error in the platform's own envelope, e.g. {\"status\": 500, \"code\": 500901} for Sendbird",
    properties: { status: { type: 'integer' }, code: { type: ['string', 'integer'] }, message: { type: 'string' } },
  },
  connection: { type: 'string', enum: ['reset', 'empty', 'truncated'] },
  frame: { type: 'string', enum: ['drop', 'delay'], description: 'nandbox: drop the socket, or delay the answer by the latency' },
} as const;

const fault = { type: 'object', properties: { id: { type: 'string' }, fired: { type: 'integer' }, ...faultProperties } } as const;

export const addFault = {
  tags: ['faults'],
  security,
  summary: 'Add a fault: latency, a platform-shaped error, a broken connection, or a nandbox frame fault',
  body: { type: 'object', properties: faultProperties },
  response: { 201: fault, 400: badRequest, 401: unauthorized },
};

export const listFaults = {
  tags: ['faults'],
  security,
  summary: 'Active faults and each platform\'s rate limit',
  response: { 200: { type: 'object', properties: { faults: { type: 'array', items: fault }, rateLimits: anyObject } }, 401: unauthorized },
};

export const clearFaults = {
  tags: ['faults'],
  security,
  summary: 'Remove every fault',
  response: { 204: { type: 'null', description: 'Cleared' }, 401: unauthorized },
};

export const deleteFault = {
  tags: ['faults'],
  security,
  summary: 'Remove one fault',
  params: { type: 'object', properties: { id: { type: 'string', description: 'The id POST /__mock/faults answered', example: 'fault-1' } }, required: ['id'] },
  response: { 204: { type: 'null', description: 'Removed' }, 401: unauthorized, 404: notFound },
};

export const putRateLimit = {
  tags: ['faults'],
  security,
  summary: "Switch a platform's own rate limiting on or off, or change its quota",
  description: "A quota per window per credential with that platform's headers and 429 body (Zulip: 200 per 60 s per user; Sendbird: X-RateLimit-* and 500910). Off by default.",
  params: platformParam,
  body: { type: 'object', properties: { enforce: { type: 'boolean' }, limit: { type: 'integer', minimum: 1 }, windowSeconds: { type: 'integer', minimum: 1 } } },
  response: {
    200: { type: 'object', properties: { platform: { type: 'string' }, enforce: { type: 'boolean' }, limit: { type: 'integer' }, windowMs: { type: 'integer' } } },
    400: badRequest,
    401: unauthorized,
    404: notFound,
  },
};

const clockState = {
  type: 'object',
  properties: { mode: { type: 'string', enum: ['real', 'frozen', 'offset'] }, now: { type: 'integer' }, iso: { type: 'string' }, offsetMs: { type: 'integer' } },
} as const;

export const getClock = { tags: ['clock'], security, summary: "The server's notion of now", response: { 200: clockState, 401: unauthorized, 404: notFound } };

export const setClock = {
  tags: ['clock'],
  security,
  summary: 'Freeze, set or advance the clock (token expiry, activity windows, rate-limit windows, last-seen)',
  body: {
    type: 'object',
    properties: {
      freeze: { type: 'boolean', description: 'true stops time; false lets it run again from there' },
      set: { type: 'string', description: 'ms since the epoch or ISO 8601' },
      advanceMs: { type: 'integer' },
    },
  },
  response: { 200: clockState, 400: badRequest, 401: unauthorized, 404: notFound },
};

export const resetClock = { tags: ['clock'], security, summary: 'Back to real time', response: { 200: clockState, 401: unauthorized, 404: notFound } };

const tenantName = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$', description: 'The name in `/t/<tenant>`', example: 'worker-1' } as const;

export const listTenants = {
  tags: ['tenants'],
  security,
  summary: 'List the tenants',
  description:
    'Each tenant is an isolated copy of the mock under `/t/<tenant>` (its own users, journal, faults, rate-limit windows and clock), made by its first request. `loaded: false`: only in the database file, loaded by its next request.',
  response: {
    200: {
      type: 'object',
      properties: {
        max: { type: 'integer', description: 'MAX_TENANTS' },
        tenants: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              name: tenantName,
              loaded: { type: 'boolean' },
              users: { type: 'object', additionalProperties: { type: 'integer' }, example: { zulip: 50 } },
              journal: { type: 'integer', description: 'Requests its journal holds' },
              created: { type: ['string', 'null'], format: 'date-time' },
              lastUsed: { type: ['string', 'null'], format: 'date-time' },
            },
          },
        },
      },
    },
    401: unauthorized,
  },
};

export const deleteTenant = {
  tags: ['tenants'],
  security,
  summary: 'Remove a tenant and its data',
  params: { type: 'object', properties: { tenant: tenantName }, required: ['tenant'] },
  response: { 204: { type: 'null', description: 'Removed' }, 401: unauthorized, 404: notFound },
};
