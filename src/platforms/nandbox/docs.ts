/**
 * The protocol as documentation: nandbox is one WebSocket, so each method gets a GET
 * /api/methods/<name> route whose response schema holds its frames (shown in Swagger UI)
 * and whose body is an example exchange against the seeded data.
 */
import { AVATARS } from './avatars.js';
import { PRIVILEGE_MISSING } from './errors.js';
import {
  errorFrame, getMyProfilesFrame, getUserFrame, myProfileFrame, pingFrame, setMyProfileFrame, tokenAuthFrame, tokenAuthOkFrame, userDetailsFrame,
} from './schemas.js';
import { DEFAULT_APP_ID, DEFAULT_RESTRICTED_TOKEN, DEFAULT_TOKEN } from './settings.js';
import { versionToken } from './wire.js';

const tags = ['nandbox protocol'];

const exampleUser = {
  id: '90089584980037358',
  name: 'Shawmi dev',
  version: '0rbN',
  is_bot: false,
  status: '…',
  profile: 'Other',
  photo: {
    id: 'V_0rbN_90089584980037358_0_Fcs3Z4qxaq.jpg',
    width: 256,
    height: 256,
    thumbnail: { id: 'V_0rbN_90089584980037358_0_Fcs3Z4qxaq.jpg.thumb.jpg', width: 120, height: 120 },
  },
  image: AVATARS[1],
};

const exampleBot = { id: '90091783784280234', name: 'Mock Bot', version: versionToken('90091783784280234'), is_bot: true, status: 'Bot of chat-user-mock' };

export interface MethodDoc {
  name: string;
  summary: string;
  description: string;
  request: object;
  replies: Record<string, object>;
  example: { request: object; replies: Record<string, object> };
}

export const METHOD_DOCS: readonly MethodDoc[] = [
  {
    name: 'TOKEN_AUTH',
    summary: 'TOKEN_AUTH → TOKEN_AUTH_OK: authenticate the connection (first frame)',
    description:
      `The client's first frame. A known token gets TOKEN_AUTH_OK; an unknown one, by default, a close with code 4001 ` +
      `(NANDBOX_BAD_TOKEN=close|error|silent, NANDBOX_BAD_TOKEN_CLOSE_CODE). Sent again later, it re-binds the connection.`,
    request: tokenAuthFrame,
    replies: { TOKEN_AUTH_OK: tokenAuthOkFrame, error: errorFrame },
    example: {
      request: { method: 'TOKEN_AUTH', token: DEFAULT_TOKEN, rem: true },
      replies: {
        TOKEN_AUTH_OK: { date: 1602676000729, is_nandbox: 1, method: 'TOKEN_AUTH_OK', name: 'Mock Bot', ID: '90091783784280234', localId: 0 },
        error: { error: 'Invalid token' },
      },
    },
  },
  {
    name: 'PING',
    summary: 'PING: keep-alive, never answered',
    description: 'Accepted at any time, before TOKEN_AUTH too, and never answered: no SDK handles a reply to PING.',
    request: pingFrame,
    replies: {},
    example: { request: { method: 'PING' }, replies: {} },
  },
  {
    name: 'getUser',
    summary: 'getUser → userDetails: a user or bot by id',
    description:
      `App API form {app_id, user_id, reference} or the old bot API form {user_id}. Needs the "Manage Users" permission: ` +
      `a token without it (e.g. ${DEFAULT_RESTRICTED_TOKEN}) gets {"error":${PRIVILEGE_MISSING}}. An unknown user, or one not in ` +
      `the app, gets {"error":"User not found"}. Error frames echo reference (and app_id); NANDBOX_FAILURE_MODE=silent sends none.`,
    request: getUserFrame,
    replies: { userDetails: userDetailsFrame, error: errorFrame },
    example: {
      request: { method: 'getUser', app_id: DEFAULT_APP_ID, user_id: '90089584980037358', reference: '132456789' },
      replies: {
        userDetails: { method: 'userDetails', app_id: DEFAULT_APP_ID, reference: '132456789', user: exampleUser },
        error: { error: PRIVILEGE_MISSING, reference: '132456789', app_id: DEFAULT_APP_ID },
      },
    },
  },
  {
    name: 'getMyProfiles',
    summary: 'getMyProfiles → myProfile: the bot\'s own profile',
    description: 'No precondition.',
    request: getMyProfilesFrame,
    replies: { myProfile: myProfileFrame },
    example: { request: { method: 'getMyProfiles', reference: '77' }, replies: { myProfile: { method: 'myProfile', reference: '77', user: exampleBot } } },
  },
  {
    name: 'setMyProfile',
    summary: 'setMyProfile → myProfile: change the bot\'s own profile',
    description: 'Changes name, status, profile, short_name and photo, gives the profile a new version, and answers myProfile. A field of the wrong type gets an error frame and changes nothing.',
    request: setMyProfileFrame,
    replies: { myProfile: myProfileFrame, error: errorFrame },
    example: {
      request: { method: 'setMyProfile', user: { name: 'Renamed Bot', status: 'Online' }, reference: '78' },
      replies: {
        myProfile: { method: 'myProfile', reference: '78', user: { ...exampleBot, name: 'Renamed Bot', status: 'Online', version: 'P0x9' } },
        error: { error: 'Invalid name: must be a string', reference: '78' },
      },
    },
  },
];

/** Response schema of a method's documentation route: the request frame and each reply frame. */
export function exchangeSchema(doc: MethodDoc) {
  return {
    type: 'object',
    description: `The frames of ${doc.name}, with an example exchange as the body`,
    example: doc.example,
    properties: {
      request: { ...doc.request, description: `Client → server. ${(doc.request as { description?: string }).description ?? ''}`.trim() },
      replies: {
        type: 'object',
        description: 'Server → client, by reply kind ("error" = a frame without method)',
        properties: doc.replies,
      },
    },
  };
}

export const PROTOCOL_DESCRIPTION = `nandbox's bot/app API is one WebSocket, not REST: open \`ws://<host>:<port>/nandbox/api/\`, then exchange one JSON object per text frame.

1. The server sends no greeting. The first client frame is \`{"method":"TOKEN_AUTH","token":"<botId>:<appId or 0>:<secret>","rem":true}\`; a known token gets \`TOKEN_AUTH_OK\`, an unknown one a close with code 4001 (configurable).
2. Then \`getUser\`, \`getMyProfiles\` and \`setMyProfile\` (see /api/methods/<name> for each method's frames). \`PING\` is accepted at any time and never answered.
3. Failures are frames without \`method\`: \`{"error": <message or code>, "reference": <echoed>}\`. A frame before TOKEN_AUTH, one that is not JSON or not an object, a binary frame, or an unknown method each get one; the connection stays open.
4. A frame over NANDBOX_MAX_FRAME_BYTES (default 262144) closes the connection with 1009, invalid UTF-8 with 1007. Dead peers are found with WebSocket pings every NANDBOX_HEARTBEAT_SECONDS.

A plain GET (no upgrade) is answered 426.`;
