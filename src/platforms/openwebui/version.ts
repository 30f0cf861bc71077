import { SettingError, type Settings } from '../../core/settings.js';

/**
 * The Open WebUI releases the mock emulates and the user-API differences between them
 * (docs/versions.md lists each with its upstream source). OPENWEBUI_VERSION picks one.
 */
export interface OpenWebUIVersion {
  /** The release, as its package.json says. */
  name: string;
  /** GET /users/{id} resolves `shared-{chat_id}` to the chat's owner (removed in 0.9.0). */
  sharedChatIds: boolean;
  /** POST /users/{id}/update takes every field as optional and applies the ones sent (0.9.0). */
  partialUpdates: boolean;
  /** JWTs carry `iat` (0.9.0). */
  jwtIssuedAt: boolean;
  /** Tokens from POST /auths/add expire like sign-in tokens (0.9.0); before, they never expired. */
  addedTokensExpire: boolean;
  /**
   * Touching the primary admin (update by another admin, self-demotion, delete) is 403
   * ACTION_PROHIBITED since 0.9.4; up to 0.9.3 the 403 was swallowed into a 500.
   */
  primaryAdminRefusal: { status: number; detail: string };
  /** The sign-out route's method: GET up to 0.8, POST since 0.9. */
  signoutMethod: 'GET' | 'POST';
  /** Routes added after 0.8 that shadow `/users/{user_id}` paths (usage, user/variables, {id}/preview, …). */
  laterRoutes: boolean;
  /** DEFAULT_USER_PERMISSIONS (config.py) of that release, with features.api_keys filled in per caller. */
  permissions(apiKeys: boolean): Record<string, Record<string, boolean>>;
}

const WORKSPACE = {
  models: false, knowledge: false, prompts: false, tools: false, skills: false,
  models_import: false, models_export: false, prompts_import: false, prompts_export: false, tools_import: false, tools_export: false,
};
const SHARING_0_8 = {
  models: false, public_models: false, knowledge: false, public_knowledge: false, prompts: false, public_prompts: false,
  tools: false, public_tools: false, skills: false, public_skills: false, notes: false, public_notes: false,
};
const CHAT = {
  controls: true, valves: true, system_prompt: true, params: true, file_upload: true, web_upload: true, delete: true, delete_message: true,
  continue_response: true, regenerate_response: true, rate_response: true, edit: true, share: true, export: true,
  stt: true, tts: true, call: true, multiple_models: true, temporary: true, temporary_enforced: false,
};
const FEATURES_0_8 = {
  notes: true, folders: true, channels: true, direct_tool_servers: false,
  web_search: true, image_generation: true, code_interpreter: true, memories: true,
};

const V0_11: OpenWebUIVersion = {
  name: '0.11.0',
  sharedChatIds: false,
  partialUpdates: true,
  jwtIssuedAt: true,
  addedTokensExpire: true,
  primaryAdminRefusal: { status: 403, detail: 'The requested action has been restricted as a security measure.' },
  signoutMethod: 'POST',
  laterRoutes: true,
  permissions: (apiKeys) => ({
    workspace: { ...WORKSPACE },
    sharing: { ...SHARING_0_8, public_chats: false, public_calendars: false },
    access_grants: { allow_users: true },
    chat: { ...CHAT },
    features: { api_keys: apiKeys, ...FEATURES_0_8, automations: false, calendar: true },
    settings: { interface: true },
  }),
};

const V0_8: OpenWebUIVersion = {
  name: '0.8.12',
  sharedChatIds: true,
  partialUpdates: false,
  jwtIssuedAt: false,
  addedTokensExpire: false,
  primaryAdminRefusal: { status: 500, detail: 'Could not verify primary admin status.' },
  signoutMethod: 'GET',
  laterRoutes: false,
  permissions: (apiKeys) => ({
    workspace: { ...WORKSPACE },
    sharing: { ...SHARING_0_8 },
    access_grants: { allow_users: true },
    chat: { ...CHAT },
    features: { api_keys: apiKeys, ...FEATURES_0_8 },
    settings: { interface: true },
  }),
};

/** Accepted OPENWEBUI_VERSION values; the first is the default (the newest release emulated). */
const RELEASES: Record<string, OpenWebUIVersion> = { '0.11': V0_11, '0.11.0': V0_11, '0.8': V0_8, '0.8.12': V0_8 };

export function readOpenWebUIVersion(settings: Settings): OpenWebUIVersion {
  const raw = settings.string('OPENWEBUI_VERSION', '0.11');
  const version = Object.hasOwn(RELEASES, raw) ? RELEASES[raw] : undefined;
  if (!version) throw new SettingError('OPENWEBUI_VERSION', raw, `one of ${Object.keys(RELEASES).join(', ')}`);
  return version;
}
