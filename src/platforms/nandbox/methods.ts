import type { Clock } from '../../core/clock.js';
import { type ErrorFrame, MESSAGES, PRIVILEGE_MISSING } from './errors.js';
import { type InboundFrame, readId, readReference } from './frames.js';
import { type NandboxPhoto, type NandboxUser, PROFILES, type Profile } from './models.js';
import type { NandboxRepository } from './repository.js';
import type { OutboundKind } from './schemas.js';
import type { BotCredential, NandboxSettings } from './settings.js';
import { toWireUser, versionToken } from './wire.js';

/** What a method answers: one frame, or nothing (a silent failure). */
export type Reply = { kind: OutboundKind; frame: object } | undefined;
export type MethodHandler = (bot: BotCredential, frame: InboundFrame) => Reply;

/** A bot's own User before it was seeded or changed: named after its token's settings. */
export function defaultBotProfile(bot: BotCredential, appId: string): NandboxUser {
  return {
    id: bot.botId,
    name: bot.name,
    version: versionToken(bot.botId),
    is_bot: true,
    app_ids: [bot.appSegment !== '0' ? bot.appSegment : appId],
  };
}

class InvalidField extends Error {}

const PROFILE_BY_LOWER = new Map<string, Profile>(PROFILES.map((profile) => [profile.toLowerCase(), profile]));

/** The user methods a bot may call after TOKEN_AUTH (docs/platforms/nandbox.md#get-a-user). */
export class NandboxMethods {
  readonly handlers: ReadonlyMap<string, MethodHandler>;

  constructor(
    private readonly users: NandboxRepository,
    private readonly settings: NandboxSettings,
    private readonly clock: Clock,
  ) {
    // A Map, so that "constructor" or "__proto__" as a method name finds nothing.
    this.handlers = new Map<string, MethodHandler>([
      ['getUser', (bot, frame) => this.getUser(bot, frame)],
      ['getMyProfiles', (bot, frame) => this.myProfile(this.profileOf(bot), frame)],
      ['setMyProfile', (bot, frame) => this.setMyProfile(bot, frame)],
    ]);
  }

  profileOf(bot: BotCredential): Readonly<NandboxUser> {
    return this.users.byId(bot.botId) ?? defaultBotProfile(bot, this.settings.appId);
  }

  /** A failed method: the docs/platforms/nandbox.md#errors error frame, or nothing in the "silent" failure mode. */
  private failure(frame: ErrorFrame): Reply {
    return this.settings.failureMode === 'silent' ? undefined : { kind: 'error', frame };
  }

  /** Checks in this order: field types, the "Manage Users" permission (docs/platforms/nandbox.md#get-user-checks), then the user in the app. */
  private getUser(bot: BotCredential, frame: InboundFrame): Reply {
    const reference = readReference(frame.fields);
    const appId = readId(frame, 'app_id');
    if (!appId.ok) return this.failure({ error: appId.error, reference });
    const app_id = appId.id;
    const userId = readId(frame, 'user_id');
    if (!userId.ok) return this.failure({ error: userId.error, reference, app_id });
    if (userId.id === undefined) return this.failure({ error: MESSAGES.missingField('user_id'), reference, app_id });
    if (!bot.manageUsers) return this.failure({ error: PRIVILEGE_MISSING, reference, app_id: app_id ?? this.settings.appId });
    const user = this.users.byId(userId.id);
    if (!user || (app_id !== undefined && !user.app_ids.includes(app_id))) {
      return this.failure({ error: MESSAGES.userNotFound, reference, app_id });
    }
    // The old bot API form has no app_id; the reply keeps one for the Python SDK (docs/platforms/nandbox.md#get-a-user).
    return { kind: 'userDetails', frame: { method: 'userDetails', app_id: app_id ?? this.settings.appId, reference, user: toWireUser(user) } };
  }

  private myProfile(user: Readonly<NandboxUser>, frame: InboundFrame): Reply {
    return { kind: 'myProfile', frame: { method: 'myProfile', reference: readReference(frame.fields), user: toWireUser(user) } };
  }

  /**
   * Changes the bot's name, status, profile, short_name and photo; id, version and is_bot stay the
   * server's. Null fields are ignored: the Python SDK sends every key of its User (docs/platforms/nandbox.md#my-profile).
   */
  private setMyProfile(bot: BotCredential, frame: InboundFrame): Reply {
    const reference = readReference(frame.fields);
    const fields = asObject(frame.fields.user);
    if (!fields) return this.failure({ error: MESSAGES.invalidField('user', 'must be a User object'), reference });
    let changes: Partial<NandboxUser>;
    try {
      changes = profileChanges(fields);
    } catch (error) {
      if (error instanceof InvalidField) return this.failure({ error: error.message, reference });
      throw error;
    }
    const current = this.profileOf(bot);
    if (Object.keys(changes).length === 0) return this.myProfile(current, frame);
    const updated: NandboxUser = { ...current, ...changes, version: versionToken(`${current.version}:${this.clock.now()}`) };
    this.users.put(updated);
    return this.myProfile(updated, frame);
  }
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function profileChanges(fields: Record<string, unknown>): Partial<NandboxUser> {
  const changes: Partial<NandboxUser> = {};
  const name = optionalString(fields, 'name');
  if (name !== undefined) {
    if (name.trim() === '') throw new InvalidField(MESSAGES.invalidField('name', 'must not be empty'));
    changes.name = name;
  }
  const status = optionalString(fields, 'status');
  if (status !== undefined) changes.status = status;
  const shortName = optionalString(fields, 'short_name');
  if (shortName !== undefined) changes.short_name = shortName;
  const profile = optionalString(fields, 'profile');
  if (profile !== undefined) {
    changes.profile = PROFILE_BY_LOWER.get(profile.toLowerCase()) ?? raise(MESSAGES.invalidField('profile', `must be one of ${PROFILES.join(', ')}`));
  }
  const photo = readPhoto(fields.photo);
  if (photo) changes.photo = photo;
  return changes;
}

function optionalString(fields: Record<string, unknown>, name: string): string | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new InvalidField(MESSAGES.invalidField(name, 'must be a string'));
  return value;
}

function dimension(value: unknown, name: string, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (!Number.isSafeInteger(value) || (value as number) < 0) throw new InvalidField(MESSAGES.invalidField(name, 'must be a non-negative integer'));
  return value as number;
}

/** A Photo with a file id; one without (the Python SDK's all-null Photo) changes nothing. */
function readPhoto(value: unknown): NandboxPhoto | undefined {
  if (value === undefined || value === null) return undefined;
  const photo = asObject(value) ?? raise(MESSAGES.invalidField('photo', 'must be a Photo object'));
  if (photo.id === undefined || photo.id === null) return undefined;
  if (typeof photo.id !== 'string' || photo.id === '') throw new InvalidField(MESSAGES.invalidField('photo.id', 'must be a file id'));
  const result: NandboxPhoto = {
    id: photo.id,
    width: dimension(photo.width, 'photo.width', 256),
    height: dimension(photo.height, 'photo.height', 256),
  };
  if (photo.size !== undefined && photo.size !== null) result.size = dimension(photo.size, 'photo.size', 0);
  const thumbnail = asObject(photo.thumbnail);
  if (typeof thumbnail?.id === 'string' && thumbnail.id !== '') {
    result.thumbnail = {
      id: thumbnail.id,
      width: dimension(thumbnail.width, 'photo.thumbnail.width', 120),
      height: dimension(thumbnail.height, 'photo.thumbnail.height', 120),
    };
  }
  return result;
}

function raise(message: string): never {
  throw new InvalidField(message);
}
