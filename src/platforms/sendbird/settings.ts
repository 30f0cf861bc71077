import { SettingError, type Settings } from '../../core/settings.js';

export interface SendbirdRateRule {
  limit: number;
  windowMs: number;
}

export interface SendbirdSettings {
  /** The application id of `api-{app_id}.sendbird.com` (an uppercase UUID). */
  appId: string;
  /** The master API token (40 hex digits). */
  apiToken: string;
  /** Secondary API tokens, also accepted in Api-Token. */
  secondaryApiTokens: string[];
  /** What an out-of-range enum/limit/boolean query value gets: 400111 (`reject`) or the default (`ignore`). */
  invalidValues: 'reject' | 'ignore';
  rateLimit: { read: SendbirdRateRule; write: SendbirdRateRule; enforce: boolean };
}

export const DEFAULT_APP_ID = '2D7B4CDB-932F-4082-9B09-A1153792DC8D';
export const DEFAULT_API_TOKEN = '5a1e0c8f9d3b2a7e6f4c1d0b9a8e7f6c5d4b3a21';

const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;
const API_TOKEN = /^[0-9a-fA-F]{40}$/;
const TOKEN_FORMAT = '40 hexadecimal digits (Sendbird\'s API token format)';

export function readSendbirdSettings(settings: Settings): SendbirdSettings {
  const secondaryApiTokens = settings.list('SENDBIRD_SECONDARY_API_TOKENS');
  const malformed = secondaryApiTokens.find((token) => !API_TOKEN.test(token));
  if (malformed !== undefined) throw new SettingError('SENDBIRD_SECONDARY_API_TOKENS', malformed, `comma-separated tokens of ${TOKEN_FORMAT}`);
  const windowMs = settings.integer('SENDBIRD_RATE_LIMIT_WINDOW', 1, 1, 86_400) * 1000;
  return {
    appId: settings.matching('SENDBIRD_APP_ID', DEFAULT_APP_ID, UUID, 'a UUID such as 2D7B4CDB-932F-4082-9B09-A1153792DC8D'),
    apiToken: settings.matching('SENDBIRD_API_TOKEN', DEFAULT_API_TOKEN, API_TOKEN, TOKEN_FORMAT),
    secondaryApiTokens,
    invalidValues: settings.oneOf('SENDBIRD_INVALID_VALUES', 'reject', ['reject', 'ignore'] as const),
    rateLimit: {
      // Free-trial plan limits per app and endpoint (docs/platforms/sendbird.md#rate-limits): GET 10/s, POST/PUT/DELETE 5/s.
      read: { limit: settings.integer('SENDBIRD_RATE_LIMIT_GET', 10, 1, 1_000_000), windowMs },
      write: { limit: settings.integer('SENDBIRD_RATE_LIMIT_WRITE', 5, 1, 1_000_000), windowMs },
      enforce: settings.boolean('SENDBIRD_RATE_LIMIT_ENFORCE', false),
    },
  };
}
