/** The User object's `profile` values (docs/platforms/nandbox.md#user-object). */
export const PROFILES = ['Other', 'Friend', 'Work', 'Family'] as const;
export type Profile = (typeof PROFILES)[number];

export interface NandboxThumbnail {
  id: string;
  width: number;
  height: number;
}

/** Photo (docs/platforms/nandbox.md#user-object): `V_<version>_<userId>_0_<random>.jpg`, 256x256, thumbnail `<id>.thumb.jpg` 120x120. */
export interface NandboxPhoto {
  id: string;
  width: number;
  height: number;
  size?: number;
  thumbnail?: NandboxThumbnail;
}

/**
 * A nandbox user (or bot) as the mock stores it: the User object's fields (docs/platforms/nandbox.md#user-object),
 * plus two the mock keeps privately: `email` (the shared person's address) and `app_ids`.
 */
export interface NandboxUser {
  /** A Long, always kept and sent as a string. */
  id: string;
  name: string;
  /** Short profile-version token such as "0rbN". */
  version: string;
  is_bot: boolean;
  status?: string;
  profile?: Profile;
  photo?: NandboxPhoto;
  /** Base64 JPEG of the small avatar. */
  image?: string;
  terminal?: string;
  type?: string;
  last_seen?: string;
  short_name?: string;
  login_id?: number;
  email?: string;
  /** The apps the user belongs to: getUser with an app_id finds only their members. */
  app_ids: string[];
}

export const USERS = { platform: 'nandbox', collection: 'users' } as const;
