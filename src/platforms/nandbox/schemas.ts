/**
 * JSON schemas of the nandbox frames (docs/platforms/nandbox.md#documentation-routes). They document the protocol in the nandbox
 * OpenAPI document and compile the serializers of outbound frames. Key order is not significant
 * (docs/platforms/nandbox.md#frames: the SDKs parse JSON); fast-json-stringify writes the optional `reference` last.
 */
import { PROFILES } from './models.js';

const longId = (description: string) => ({ type: 'string', pattern: '^[0-9]+$', description });
const reference = { type: ['string', 'number'], description: 'Optional; echoed in the reply as sent (string or number)' } as const;

export const thumbnailSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, width: { type: 'integer' }, height: { type: 'integer' } },
  required: ['id', 'width', 'height'],
} as const;

export const photoSchema = {
  type: 'object',
  description: 'Sent only together with `profile` (the Python SDK reads photo only when profile is present)',
  properties: {
    id: { type: 'string', description: 'File id, V_<version>_<userId>_0_<random>.jpg; download from /nandbox/download/<id>' },
    width: { type: 'integer' },
    height: { type: 'integer' },
    size: { type: 'integer' },
    thumbnail: { ...thumbnailSchema, description: 'Never null (null crashes the Python SDK)' },
  },
  required: ['id', 'width', 'height'],
} as const;

export const userSchema = {
  type: 'object',
  description: 'The User object (docs/platforms/nandbox.md#user-object). Ids are strings, is_bot a boolean (the Java SDK casts strictly).',
  properties: {
    id: longId('User or bot id (a Long, as a string)'),
    name: { type: 'string' },
    version: { type: 'string', description: 'Profile-version token, e.g. "0rbN"' },
    terminal: { type: 'string', description: '"Mobile" or "API", when set' },
    type: { type: 'string', description: '"Contact" or "Bot", when set' },
    is_bot: { type: 'boolean' },
    status: { type: 'string' },
    profile: { type: 'string', enum: PROFILES },
    photo: photoSchema,
    image: { type: 'string', description: 'Base64 JPEG of the small avatar, for users with a photo' },
    last_seen: { type: 'string' },
    short_name: { type: 'string' },
    login_id: { type: 'integer' },
  },
  required: ['id', 'name', 'version', 'is_bot'],
} as const;

// Client -> server

export const tokenAuthFrame = {
  type: 'object',
  description: 'The first frame of every connection; the server sends no greeting.',
  properties: {
    method: { type: 'string', enum: ['TOKEN_AUTH'] },
    token: { type: 'string', description: '<botId>:<appId or 0>:<secret>' },
    rem: { type: ['boolean', 'string'], description: 'The SDKs send true; the docs print "true"; both accepted' },
  },
  required: ['method', 'token'],
} as const;

export const pingFrame = {
  type: 'object',
  description: 'Application keep-alive, accepted at any time (also before TOKEN_AUTH) and never answered.',
  properties: { method: { type: 'string', enum: ['PING'] } },
  required: ['method'],
} as const;

export const getUserFrame = {
  type: 'object',
  description: 'App API form (app_id, user_id, reference) or the older bot API form (user_id only).',
  properties: {
    method: { type: 'string', enum: ['getUser'] },
    app_id: longId('The app the user belongs to; optional (the old bot API has none)'),
    user_id: longId('User or bot id; a JSON integer is accepted too'),
    reference,
    chat_id: { type: 'string', description: 'Sent by the Java SDK (= app_id); ignored' },
  },
  required: ['method', 'user_id'],
} as const;

export const getMyProfilesFrame = {
  type: 'object',
  description: 'The bot\'s own profile. No precondition.',
  properties: { method: { type: 'string', enum: ['getMyProfiles'] }, reference },
  required: ['method'],
} as const;

export const setMyProfileFrame = {
  type: 'object',
  description: 'Changes the bot\'s own profile. Null fields (the Python SDK sends every key) are ignored; id, version and is_bot are the server\'s.',
  properties: {
    method: { type: 'string', enum: ['setMyProfile'] },
    user: {
      type: 'object',
      properties: {
        name: { type: ['string', 'null'] },
        status: { type: ['string', 'null'] },
        profile: { type: ['string', 'null'], description: 'Other, Friend, Work or Family (any case)' },
        short_name: { type: ['string', 'null'] },
        photo: { type: ['object', 'null'], description: 'A Photo; ignored unless it has an id' },
      },
    },
    reference,
  },
  required: ['method', 'user'],
} as const;

// Server -> client

export const tokenAuthOkFrame = {
  type: 'object',
  description: 'Success of TOKEN_AUTH (field order of a captured real frame, docs/platforms/nandbox.md#authentication).',
  properties: {
    date: { type: 'integer', description: 'Server time, epoch ms' },
    is_nandbox: { type: 'integer', enum: [1] },
    method: { type: 'string', enum: ['TOKEN_AUTH_OK'] },
    name: { type: 'string', description: 'The bot\'s name' },
    ID: longId('The bot id: the token\'s first segment'),
    localId: { type: 'integer' },
  },
  required: ['date', 'is_nandbox', 'method', 'name', 'ID', 'localId'],
} as const;

export const userDetailsFrame = {
  type: 'object',
  description: 'Answer to getUser. app_id is always present (the Python SDK needs it): the request\'s, else the well-known app.',
  properties: {
    method: { type: 'string', enum: ['userDetails'] },
    app_id: longId('Echoed from the request'),
    reference,
    user: userSchema,
  },
  required: ['method', 'app_id', 'user'],
} as const;

export const myProfileFrame = {
  type: 'object',
  description: 'Answer to getMyProfiles and setMyProfile: the bot\'s own User.',
  properties: { method: { type: 'string', enum: ['myProfile'] }, reference, user: userSchema },
  required: ['method', 'user'],
} as const;

export const errorFrame = {
  type: 'object',
  description:
    'A frame without `method`: the SDKs log its `error` and call nothing. 160017 = "Manage Users" permission missing; otherwise a message.',
  properties: {
    error: { type: ['string', 'integer'] },
    reference,
    app_id: longId('Echoed when the failed request had one (getUser)'),
  },
  required: ['error'],
} as const;

export const OUTBOUND_SCHEMAS = {
  TOKEN_AUTH_OK: tokenAuthOkFrame,
  userDetails: userDetailsFrame,
  myProfile: myProfileFrame,
  error: errorFrame,
} as const;

export type OutboundKind = keyof typeof OUTBOUND_SCHEMAS;
