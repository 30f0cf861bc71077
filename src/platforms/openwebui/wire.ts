import type { OpenWebUIUser } from './models.js';

/** UsersTable.is_user_active: seen within the last 180 seconds, boundary included (spec §2.4). */
export const ACTIVE_WINDOW_SECONDS = 180;

export function isActive(user: OpenWebUIUser, nowSeconds: number): boolean {
  return Boolean(user.last_active_at) && user.last_active_at >= nowSeconds - ACTIVE_WINDOW_SECONDS;
}

/** Since 0.8.1 an empty stored image is served as the profile-image route (spec §2.4). */
export function profileImageUrl(user: OpenWebUIUser): string {
  return user.profile_image_url || `/api/v1/users/${user.id}/profile/image`;
}

export interface GroupRef {
  id: string;
  name: string;
}

/** UserModel: every field in declaration order (the serializer schema fixes the order). */
export function userModel(user: OpenWebUIUser): Record<string, unknown> {
  return { ...user, profile_image_url: profileImageUrl(user) };
}

/** GET /users/{id}: UserActiveResponse, UserModel passed through as extras (spec §2.3). */
export function activeUser(user: OpenWebUIUser, groups: GroupRef[], nowSeconds: number): Record<string, unknown> {
  return { ...user, profile_image_url: profileImageUrl(user), groups, is_active: isActive(user, nowSeconds) };
}

/** UserInfoResponse of /{id}/info, /all and /search (spec §2.5, §5). */
export function userInfo(user: OpenWebUIUser, groups: GroupRef[], active: boolean): Record<string, unknown> {
  return { ...user, groups, is_active: active };
}

/** The permissions object sign-in and GET /auths/ return: 0.8's DEFAULT_USER_PERMISSIONS. */
export function permissions(apiKeys: boolean): Record<string, Record<string, boolean>> {
  return {
    workspace: {
      models: false, knowledge: false, prompts: false, tools: false,
      models_import: false, models_export: false, prompts_import: false, prompts_export: false, tools_import: false, tools_export: false,
    },
    sharing: {
      models: false, public_models: false, knowledge: false, public_knowledge: false, prompts: false, public_prompts: false,
      tools: false, public_tools: false, notes: false, public_notes: false,
    },
    chat: {
      controls: true, valves: true, system_prompt: true, params: true, file_upload: true, delete: true, delete_message: true,
      continue_response: true, regenerate_response: true, rate_response: true, edit: true, share: true, export: true,
      stt: true, tts: true, call: true, multiple_models: true, temporary: true, temporary_enforced: false,
    },
    features: {
      api_keys: apiKeys, notes: true, channels: true, folders: true, direct_tool_servers: false, web_search: true,
      image_generation: true, code_interpreter: true, memories: true,
    },
    settings: { interface: true },
  };
}
