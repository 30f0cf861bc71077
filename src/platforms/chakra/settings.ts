import { SettingError, type Settings } from '../../core/settings.js';

/** How the v2 ("humanized") endpoints write user-level createdAt/updatedAt; docs/platforms/chakra.md#humanized-v2 */
export type V2TimestampZone = 'user' | 'utc';

export interface ChakraSettings {
  /** The well-known access token, as returned by GET /__mock/credentials. */
  token: string;
  /** Every accepted token: the well-known one plus CHAKRA_TOKENS. */
  tokens: ReadonlySet<string>;
  /** Status of a missing, malformed or unknown token (docs/platforms/chakra.md#invalid-token: [UNKNOWN], 401 suggested). */
  unauthorizedStatus: number;
  /** Status of a well-formed user id nobody has (docs/platforms/chakra.md#user-not-found: [UNKNOWN], 404 suggested). */
  unknownUserStatus: number;
  /** Status of a user id that is not a UUID (docs/platforms/chakra.md#user-not-found: 400 or 404, 404 suggested). */
  malformedUserIdStatus: number;
  /** Status of an Update User body that is not a valid partial user (docs/platforms/chakra.md#invalid-update-body: [UNKNOWN], 400 suggested). */
  invalidBodyStatus: number;
  /** Update User answers the updated v1 user, or `{}` like Update Process (docs/platforms/chakra.md#update-response choices a/b). */
  updateResponse: 'user' | 'empty';
  /** Unknown or read-only keys in an Update User body are ignored, or rejected with 400 (docs/platforms/chakra.md#invalid-update-body). */
  unknownUpdateFields: 'ignore' | 'reject';
  v2TimestampZone: V2TimestampZone;
  /** Whether GET /v1/health checks the Bearer token (docs/platforms/chakra.md#health: its behaviour is [UNKNOWN]). */
  healthRequiresToken: boolean;
}

/** Stable and public, like LocalStack's test/test; opaque letters and digits like Chakra's tokens (docs/platforms/chakra.md#authentication). */
export const DEFAULT_TOKEN = 'chakraMockAccessToken0123456789';

/** An opaque Bearer token: visible ASCII, no spaces or commas (commas separate CHAKRA_TOKENS). */
const TOKEN_FORMAT = /^[\x21-\x2b\x2d-\x7e]+$/;
const TOKEN_ACCEPTS = 'a non-empty token of visible ASCII characters, without spaces or commas';

function status(settings: Settings, name: string, fallback: number, choices: readonly number[]): number {
  const raw = settings.oneOf(name, String(fallback), choices.map(String));
  return Number(raw);
}

export function readChakraSettings(settings: Settings): ChakraSettings {
  const token = settings.matching('CHAKRA_TOKEN', DEFAULT_TOKEN, TOKEN_FORMAT, TOKEN_ACCEPTS);
  const extra = settings.list('CHAKRA_TOKENS');
  for (const candidate of extra) {
    if (!TOKEN_FORMAT.test(candidate)) throw new SettingError('CHAKRA_TOKENS', candidate, `comma-separated tokens, each ${TOKEN_ACCEPTS}`);
  }
  return {
    token,
    tokens: new Set([token, ...extra]),
    unauthorizedStatus: status(settings, 'CHAKRA_UNAUTHORIZED_STATUS', 401, [401, 403]),
    unknownUserStatus: status(settings, 'CHAKRA_UNKNOWN_USER_STATUS', 404, [400, 404]),
    malformedUserIdStatus: status(settings, 'CHAKRA_MALFORMED_USER_ID_STATUS', 404, [400, 404]),
    invalidBodyStatus: status(settings, 'CHAKRA_INVALID_BODY_STATUS', 400, [400, 422]),
    updateResponse: settings.oneOf('CHAKRA_UPDATE_RESPONSE', 'user', ['user', 'empty'] as const),
    unknownUpdateFields: settings.oneOf('CHAKRA_UPDATE_UNKNOWN_FIELDS', 'ignore', ['ignore', 'reject'] as const),
    v2TimestampZone: settings.oneOf('CHAKRA_V2_TIMESTAMP_ZONE', 'user', ['user', 'utc'] as const),
    healthRequiresToken: settings.boolean('CHAKRA_HEALTH_REQUIRES_TOKEN', false),
  };
}
