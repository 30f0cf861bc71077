import { type Settings, SettingError } from '../../core/settings.js';

/** `<botId>:<appId or 0>:<secret>` (docs/platforms/nandbox.md#authentication); the secret of real tokens is 30 letters and digits. */
const TOKEN_FORMAT = /^([0-9]{1,19}):([0-9]{1,19}):[A-Za-z0-9]{1,128}$/;
const TOKEN_ACCEPTS = 'bot tokens of the form <botId>:<appId or 0>:<letters and digits>';

/** A bot token the mock accepts in TOKEN_AUTH, and what that bot may do. */
export interface BotCredential {
  token: string;
  /** The token's first segment: TOKEN_AUTH_OK's `ID` (docs/platforms/nandbox.md#authentication, as in the real sample). */
  botId: string;
  /** The token's second segment, "0" when the bot is not tied to an app. */
  appSegment: string;
  name: string;
  /** The "Manage Users" permission that getUser requires (docs/platforms/nandbox.md#get-user-checks). */
  manageUsers: boolean;
}

export type BadTokenMode = 'close' | 'error' | 'silent';
export type FailureMode = 'error' | 'silent';

export interface NandboxSettings {
  /** The well-known token (with Manage Users), returned by /__mock/credentials. */
  token: string;
  /** The well-known app: the doc examples' app id, and the app_id of replies to the old bot API form. */
  appId: string;
  bots: ReadonlyMap<string, BotCredential>;
  /** What an unknown token gets (docs/platforms/nandbox.md#invalid-token): default close with 4001. */
  badToken: { mode: BadTokenMode; closeCode: number };
  /** What a failed getUser gets (docs/platforms/nandbox.md#errors): default an error frame without `method`. */
  failureMode: FailureMode;
  maxFrameBytes: number;
  /** WebSocket control-frame ping interval that finds dead peers; 0 turns it off. */
  heartbeatMs: number;
}

export const DEFAULT_TOKEN = '90091783784280234:0:chatUserMockNandboxBotSecret01';
export const DEFAULT_APP_ID = '90090684293000559';
/** A documented token whose bot lacks "Manage Users", for the permission error. */
export const DEFAULT_RESTRICTED_TOKEN = '90091783784280299:0:chatUserMockNoManageUsers00001';

function credential(setting: string, token: string, name: string | undefined, manageUsers: boolean): BotCredential {
  const match = TOKEN_FORMAT.exec(token);
  if (!match) throw new SettingError(setting, token, TOKEN_ACCEPTS);
  return { token, botId: match[1], appSegment: match[2], name: name ?? `Bot ${match[1]}`, manageUsers };
}

export function readNandboxSettings(settings: Settings): NandboxSettings {
  const token = settings.string('NANDBOX_TOKEN', DEFAULT_TOKEN);
  const main = credential('NANDBOX_TOKEN', token, settings.string('NANDBOX_BOT_NAME', 'Mock Bot'), settings.boolean('NANDBOX_MANAGE_USERS', true));
  const restricted = settings.has('NANDBOX_NO_MANAGE_USERS_TOKENS') ? settings.list('NANDBOX_NO_MANAGE_USERS_TOKENS') : [DEFAULT_RESTRICTED_TOKEN];
  const bots = new Map<string, BotCredential>();
  for (const extra of settings.list('NANDBOX_EXTRA_TOKENS')) bots.set(extra, credential('NANDBOX_EXTRA_TOKENS', extra, undefined, true));
  for (const entry of restricted) {
    const name = entry === DEFAULT_RESTRICTED_TOKEN ? 'Mock Bot without Manage Users' : undefined;
    bots.set(entry, credential('NANDBOX_NO_MANAGE_USERS_TOKENS', entry, name, false));
  }
  bots.set(token, main);
  return {
    token,
    appId: settings.matching('NANDBOX_APP_ID', DEFAULT_APP_ID, /^[0-9]{1,19}$/, 'a numeric app id (up to 19 digits)'),
    bots,
    badToken: {
      mode: settings.oneOf<BadTokenMode>('NANDBOX_BAD_TOKEN', 'close', ['close', 'error', 'silent']),
      closeCode: readCloseCode(settings),
    },
    failureMode: settings.oneOf<FailureMode>('NANDBOX_FAILURE_MODE', 'error', ['error', 'silent']),
    maxFrameBytes: settings.integer('NANDBOX_MAX_FRAME_BYTES', 256 * 1024, 1024, 16 * 1024 * 1024),
    heartbeatMs: settings.integer('NANDBOX_HEARTBEAT_SECONDS', 30, 0, 3600) * 1000,
  };
}

/** A code a close frame may carry (RFC 6455 §7.4): 1000-1014 except 1004-1006, or 3000-4999. */
function readCloseCode(settings: Settings): number {
  const code = settings.integer('NANDBOX_BAD_TOKEN_CLOSE_CODE', 4001, 1000, 4999);
  const sendable = (code >= 1000 && code <= 1014 && ![1004, 1005, 1006].includes(code)) || code >= 3000;
  if (!sendable) throw new SettingError('NANDBOX_BAD_TOKEN_CLOSE_CODE', String(code), 'a sendable close code: 1000-1014 except 1004-1006, or 3000-4999');
  return code;
}
