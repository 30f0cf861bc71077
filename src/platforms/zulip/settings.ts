import type { Settings } from '../../core/settings.js';
import { readZulipRelease, type ZulipRelease } from './version.js';

export interface ZulipSettings {
  /** ZULIP_VERSION: the release emulated (default the newest). */
  release: ZulipRelease;
  /** The well-known caller: a seeded administrator (Iago, user 11, of the docs' examples). */
  email: string;
  apiKey: string;
  /** Every seeded user's password, for POST /api/v1/fetch_api_key. */
  password: string;
  /** Domain of the dummy API emails `user{id}@{domain}` of users who hide their address. */
  fakeEmailDomain: string;
  rateLimit: { limit: number; windowMs: number; enforce: boolean };
}

export const DEFAULT_EMAIL = 'iago@zulip.com';
export const DEFAULT_API_KEY = 'abcdefghijklmnopqrstuvwxyz123456';
export const DEFAULT_PASSWORD = 'chat-user-mock';

export function readZulipSettings(settings: Settings): ZulipSettings {
  return {
    release: readZulipRelease(settings),
    email: settings.string('ZULIP_EMAIL', DEFAULT_EMAIL),
    apiKey: settings.matching('ZULIP_API_KEY', DEFAULT_API_KEY, /^[A-Za-z0-9]{32}$/, '32 letters and digits (Zulip\'s API key format)'),
    password: settings.string('ZULIP_PASSWORD', DEFAULT_PASSWORD),
    fakeEmailDomain: settings.string('ZULIP_FAKE_EMAIL_DOMAIN', 'zulip.example.com'),
    rateLimit: {
      // zproject/default_settings.py: api_by_user [(60, 200)]; docs/platforms/zulip.md#rate-limits
      limit: settings.integer('ZULIP_RATE_LIMIT', 200, 1, 1_000_000),
      windowMs: settings.integer('ZULIP_RATE_LIMIT_WINDOW', 60, 1, 86_400) * 1000,
      enforce: settings.boolean('ZULIP_RATE_LIMIT_ENFORCE', false),
    },
  };
}
