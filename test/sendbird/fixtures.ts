/** Shared constants and helpers of the Sendbird tests. */
import { createRequire } from 'node:module';
import { DEFAULT_API_TOKEN, DEFAULT_APP_ID } from '../../src/platforms/sendbird/settings.js';

export const API_TOKEN = DEFAULT_API_TOKEN;
export const APP_ID = DEFAULT_APP_ID;
export const WRONG_TOKEN = '0000000000000000000000000000000000000000';

const require = createRequire(import.meta.url);

/** sendbird-platform-sdk@1.0.3 (Babel-compiled, untyped). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const SendbirdJs: any = require('sendbird-platform-sdk');

/** sendbird-platform-sdk-typescript@0.0.18 (CommonJS with its own typings). */
export const SendbirdTs: typeof import('sendbird-platform-sdk-typescript') = require('sendbird-platform-sdk-typescript');

/** The wire fields every user response carries, in wire order. */
export const USER_FIELDS = [
  'user_id', 'nickname', 'profile_url', 'require_auth_for_profile_image', 'metadata', 'access_token', 'created_at',
  'discovery_keys', 'is_hide_me_from_friends', 'is_shadow_blocked', 'session_tokens', 'is_online', 'last_seen_at',
  'is_active', 'has_ever_logged_in', 'preferred_languages', 'locale',
];

export const tokenHeaders = (token: string = API_TOKEN): Record<string, string> => ({ 'Api-Token': token });
export const jsonHeaders = (token: string = API_TOKEN): Record<string, string> => ({ 'Api-Token': token, 'Content-Type': 'application/json' });

/** The error envelope, exactly: `{message, code, error: true}` in that key order. */
export function isEnvelope(body: unknown, code: number): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    Object.keys(body).join(',') === 'message,code,error' &&
    (body as { code: unknown }).code === code &&
    (body as { error: unknown }).error === true &&
    typeof (body as { message: unknown }).message === 'string'
  );
}
