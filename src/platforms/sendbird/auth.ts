import type { IncomingHttpHeaders } from 'node:http';
import { CODE, SendbirdError } from './errors.js';
import type { SendbirdSettings } from './settings.js';

/** Observed text of a request without the header (docs/platforms/sendbird.md#missing-api-token report). */
const MISSING = 'Not valid Api-Token. Api-Token is missing.';
/** No public source shows the text for a wrong token; the mock's choice (docs/platforms/sendbird.md#invalid-api-token). */
const INVALID = 'Invalid value: "Api-Token".';

/** The master token and every secondary token: what `Api-Token` may carry. */
export function acceptedTokens(settings: SendbirdSettings): ReadonlySet<string> {
  return new Set([settings.apiToken, ...settings.secondaryApiTokens]);
}

/**
 * The `Api-Token` header, its name matched case-insensitively (Node lower-cases header
 * names; SDK 1.x sends `Api-Token`, 2.x `api-token`). Missing or wrong: 400 / 400401,
 * before anything else is looked at (docs/platforms/sendbird.md#authentication).
 */
export function checkApiToken(headers: IncomingHttpHeaders, accepted: ReadonlySet<string>): void {
  const token = headers['api-token'];
  if (token === undefined || token === '') throw new SendbirdError(CODE.INVALID_API_TOKEN, MISSING);
  if (typeof token !== 'string' || !accepted.has(token)) throw new SendbirdError(CODE.INVALID_API_TOKEN, INVALID);
}
