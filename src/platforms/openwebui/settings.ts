import { SettingError, type Settings } from '../../core/settings.js';
import { readOpenWebUIVersion, type OpenWebUIVersion } from './version.js';

export type OpenWebUIRole = 'admin' | 'user' | 'pending';

export interface OpenWebUISettings {
  /** OPENWEBUI_VERSION: the release emulated (default the newest). */
  version: OpenWebUIVersion;
  /** The primary admin (the first account), the well-known caller. */
  adminEmail: string;
  adminPassword: string;
  /** The primary admin's `sk-` key. */
  apiKey: string;
  /** Password of every generated (non-fixture) seeded user. */
  userPassword: string;
  /** HS256 key of every JWT (WEBUI_SECRET_KEY). */
  jwtSecret: string;
  /** JWT_EXPIRES_IN as given, and its length in seconds (null: tokens never expire). */
  jwtExpiresIn: string;
  jwtLifetimeSeconds: number | null;
  /** ENABLE_API_KEYS: false answers every `sk-` key with 403 (docs/platforms/openwebui.md#api-keys). */
  enableApiKeys: boolean;
  /** The `features.api_keys` permission of non-admin users (docs/platforms/openwebui.md#api-keys). */
  userApiKeys: boolean;
  /** ENABLE_SIGNUP at start; the first sign-up ever still switches it off (docs/platforms/openwebui.md#sign-up-and-add-a-user). */
  enableSignup: boolean;
  /** DEFAULT_USER_ROLE: the role of sign-ups after the first. */
  defaultUserRole: OpenWebUIRole;
  /** Sign-in attempts per email in 3 minutes before 429 (routers/auths.py signin_rate_limiter); 0 turns it off. */
  signinRateLimit: number;
  /** The well-known admin JWT; signed once when the plugin starts (jose signs asynchronously). */
  wellKnown: { token: string };
}

export const DEFAULT_ADMIN_EMAIL = 'admin@example.com';
export const DEFAULT_ADMIN_PASSWORD = 'chat-user-mock';
export const DEFAULT_API_KEY = 'sk-5f3b2a1c9d8e4f7a6b5c4d3e2f1a0b9c';
export const DEFAULT_JWT_SECRET = 't0p-s3cr3t';

const UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/**
 * open_webui.utils.misc.parse_duration: "-1" and "0" mean no expiry, otherwise
 * every `<number><unit>` found is summed ("4w", "1h30m", "90s").
 */
export function parseDuration(raw: string): number | null | undefined {
  if (raw === '-1' || raw === '0') return null;
  const matches = [...raw.matchAll(/(-?\d+(\.\d+)?)(ms|s|m|h|d|w)/g)];
  if (matches.length === 0) return undefined;
  return Math.trunc(matches.reduce((total, [, number, , unit]) => total + Number(number) * UNITS[unit], 0));
}

export function readOpenWebUISettings(settings: Settings): OpenWebUISettings {
  const jwtExpiresIn = settings.string('JWT_EXPIRES_IN', settings.string('OPENWEBUI_JWT_EXPIRES_IN', '4w'));
  const jwtLifetimeSeconds = parseDuration(jwtExpiresIn);
  if (jwtLifetimeSeconds === undefined) throw new SettingError('JWT_EXPIRES_IN', jwtExpiresIn, '-1 (never) or durations like 4w, 12h, 30m, 90s');
  const adminEmail = settings.matching('OPENWEBUI_ADMIN_EMAIL', DEFAULT_ADMIN_EMAIL, /^[^@\s]+@[^@\s]+$/, 'an email address').toLowerCase();
  return {
    version: readOpenWebUIVersion(settings),
    adminEmail,
    adminPassword: settings.string('OPENWEBUI_ADMIN_PASSWORD', DEFAULT_ADMIN_PASSWORD),
    apiKey: settings.matching('OPENWEBUI_API_KEY', DEFAULT_API_KEY, /^sk-[A-Za-z0-9_-]{8,}$/, 'sk- followed by at least 8 letters, digits, - or _'),
    userPassword: settings.string('OPENWEBUI_USER_PASSWORD', DEFAULT_ADMIN_PASSWORD),
    jwtSecret: settings.string('OPENWEBUI_JWT_SECRET', settings.string('WEBUI_SECRET_KEY', DEFAULT_JWT_SECRET)),
    jwtExpiresIn,
    jwtLifetimeSeconds,
    enableApiKeys: settings.boolean('OPENWEBUI_ENABLE_API_KEY', settings.boolean('OPENWEBUI_ENABLE_API_KEYS', true)),
    userApiKeys: settings.boolean('OPENWEBUI_USER_API_KEYS', true),
    enableSignup: settings.boolean('OPENWEBUI_ENABLE_SIGNUP', true),
    defaultUserRole: settings.oneOf('OPENWEBUI_DEFAULT_USER_ROLE', 'pending', ['pending', 'user', 'admin'] as const),
    signinRateLimit: settings.integer('OPENWEBUI_SIGNIN_RATE_LIMIT', 15, 0, 1_000_000),
    wellKnown: { token: '' },
  };
}
