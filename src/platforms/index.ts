import type { Platform } from '../core/platform.js';
import { Settings, type SettingSource } from '../core/settings.js';
import { chakra } from './chakra/index.js';
import { nandbox } from './nandbox/index.js';
import { openwebui } from './openwebui/index.js';
import { sendbird } from './sendbird/index.js';
import { zulip } from './zulip/index.js';

/** Every platform the mock serves, in the order their documents appear in Swagger UI. */
export const platforms: readonly Platform[] = [zulip, sendbird, openwebui, chakra, nandbox];

/** The platforms with these names (all when none are given), each with its settings read from `source`. */
export function selectPlatforms(
  names: readonly string[] | undefined,
  source: SettingSource,
): { platforms: readonly Platform[]; settingsOf: (platform: Platform) => unknown } {
  const selected = names ? platforms.filter((platform) => names.includes(platform.name)) : platforms;
  const settings = new Settings(source);
  const bySelected = new Map<Platform, unknown>(selected.map((platform) => [platform, platform.readSettings(settings)]));
  return { platforms: selected, settingsOf: (platform) => bySelected.get(platform) };
}
