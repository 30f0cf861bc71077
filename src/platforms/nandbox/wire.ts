import { hash } from 'node:crypto';
import type { NandboxPhoto, NandboxUser, Profile } from './models.js';

export interface WireUser {
  id: string;
  name: string;
  version: string;
  terminal?: string;
  type?: string;
  is_bot: boolean;
  status?: string;
  profile?: Profile;
  photo?: NandboxPhoto;
  image?: string;
  last_seen?: string;
  short_name?: string;
  login_id?: number;
}

/**
 * The User object as sent (docs/platforms/nandbox.md#user-object). `profile` goes out only with `photo`, and `photo` always
 * with a `profile` ("Other" when unset): the Python SDK crashes on a profile without a photo and
 * drops a photo without a profile. Private fields (email, app_ids) never leave: the serializer
 * emits only the schema's properties.
 */
export function toWireUser(user: NandboxUser): WireUser {
  if (user.photo) return user.profile ? user : { ...user, profile: 'Other' };
  return user.profile === undefined ? user : { ...user, profile: undefined };
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A 4-character profile-version token like the docs' "0rbN", derived from `seed`. */
export function versionToken(seed: string): string {
  const digest = hash('sha1', seed, 'buffer');
  let token = '';
  for (let i = 0; i < 4; i++) token += BASE62[digest[i] % 62];
  return token;
}

/** The photo ids of the docs' example: `V_<version>_<userId>_0_<random>.jpg`, thumbnail `<id>.thumb.jpg`. */
export function photoFor(userId: string, version: string, random: string): NandboxPhoto {
  const id = `V_${version}_${userId}_0_${random}.jpg`;
  return { id, width: 256, height: 256, thumbnail: { id: `${id}.thumb.jpg`, width: 120, height: 120 } };
}
