import { SettingError, type Settings } from '../../core/settings.js';

/** A Zulip Server release: its version string and API feature level (api_docs/changelog.md). */
export interface ZulipRelease {
  version: string;
  featureLevel: number;
}

/**
 * The releases the mock emulates, newest first (the default). The user endpoints change at these
 * feature levels (docs/versions.md): 384 `user_ids` on GET /users (11.0); 433 `is_imported_stub` on
 * user objects and 490 `is_deleted` when true (12.0).
 */
export const ZULIP_RELEASES: readonly ZulipRelease[] = [
  { version: '12.0', featureLevel: 511 },
  { version: '11.0', featureLevel: 421 },
  { version: '10.0', featureLevel: 371 },
];

export const FEATURE_LEVEL = { USER_IDS: 384, IS_IMPORTED_STUB: 433, IS_DELETED: 490 } as const;

/** ZULIP_VERSION: "12", "12.0", "11", … */
export function readZulipRelease(settings: Settings): ZulipRelease {
  const raw = settings.string('ZULIP_VERSION', ZULIP_RELEASES[0].version);
  const release = ZULIP_RELEASES.find(({ version }) => raw === version || raw === version.replace(/\.0$/, ''));
  if (!release) throw new SettingError('ZULIP_VERSION', raw, `one of ${ZULIP_RELEASES.map(({ version }) => version).join(', ')}`);
  return release;
}

/**
 * The version fields a Zulip server reports to clients, in GET /server_settings and POST /register
 * (zerver/lib/events.py fetch_initial_state_data; ordinary responses carry none).
 */
export function serverVersionFields(release: ZulipRelease): { zulip_version: string; zulip_merge_base: string; zulip_feature_level: number } {
  return { zulip_version: release.version, zulip_merge_base: release.version, zulip_feature_level: release.featureLevel };
}
