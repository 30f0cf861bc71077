import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../core/platform.js';
import { acceptedTokens, checkApiToken } from './auth.js';
import { CODE, SendbirdError, invalidValue, sendFailure, sendbirdErrorHandler, userNotFound } from './errors.js';
import { LIMITS, type SendbirdUser } from './models.js';
import { BodyReader, booleanParam, enumParam, limitParam, listParam, stringParam } from './params.js';
import { RateLimited, SendbirdRateLimits } from './rate-limit.js';
import { SendbirdRepository } from './repository.js';
import { blankUser } from './seed.js';
import { createUserSchema, deleteUserSchema, listUsersSchema, updateUserSchema, viewUserSchema } from './schemas.js';
import type { SendbirdSettings } from './settings.js';
import { asCreated, withUnreadCounts, type SuperMode } from './wire.js';

type Query = Record<string, string | string[] | undefined>;
type UserParams = { user_id: string };

const SUPER_MODES: readonly SuperMode[] = ['all', 'super', 'nonsuper'];
const ACTIVE_MODES = ['activated', 'deactivated', 'all'] as const;
const METADATA_LIMITS = { items: LIMITS.metadataItems, key: LIMITS.metadataKey, value: LIMITS.metadataValue };

/** A new access token: 40 hex digits, like the docs' `800284474d5d94f3e1658c6c0794872bda4f5f72`. */
const newAccessToken = () => randomBytes(20).toString('hex');

/** `next` of list users: opaque to clients, the creation sequence of the last user served. */
const PAGE_TOKEN = /^sb:([0-9]{1,15})$/;
const encodePageToken = (afterSeq: number) => Buffer.from(`sb:${afterSeq}`).toString('base64url');

function decodePageToken(token: string | undefined): number {
  if (token === undefined) return 0;
  const match = PAGE_TOKEN.exec(Buffer.from(token, 'base64url').toString('latin1'));
  if (!match) throw invalidValue('token');
  return Number(match[1]);
}

function parseJsonBody(request: FastifyRequest, body: string, done: (error: Error | null, body?: unknown) => void): void {
  // A bodiless PUT (the SDKs send none when the data argument is omitted) is an empty update;
  // an unknown endpoint is reported as such whatever its body.
  if (request.is404 || body.trim() === '') return done(null, undefined);
  try {
    done(null, JSON.parse(body));
  } catch {
    done(new SendbirdError(CODE.INVALID_JSON_BODY, 'The request body is an invalid JSON.'));
  }
}

export async function sendbirdRoutes(
  app: FastifyInstance,
  { store, clock, settings, rateLimiter }: PlatformContext<SendbirdSettings>,
): Promise<void> {
  const users = new SendbirdRepository(store);
  const tokens = acceptedTokens(settings);
  const { read, write, enforce } = settings.rateLimit;
  const limits = new SendbirdRateLimits(clock, rateLimiter({ ...read, enforce }), write.limit);
  const mode = settings.invalidValues;

  // Parameters and bodies are checked by hand, in Sendbird's codes; the schemas document and serialize.
  app.setValidatorCompiler(() => () => true);
  app.setErrorHandler(sendbirdErrorHandler);
  // Every body is read as JSON whatever its Content-Type; a bad one is 400403 (docs/platforms/sendbird.md#request-bodies).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, parseJsonBody);
  // Our own 404 for /sendbird/*, so a body sent to an unknown path is read by the parser
  // above and its errors reach our error handler, not the core's generic ones.
  app.setNotFoundHandler((_request, reply) => sendFailure(reply, 'not-found'));

  /**
   * Authentication first, then the endpoint's rate limit (docs/platforms/sendbird.md#authentication); the headers go on every later answer.
   * Synchronous, like the read handlers: no promise per request on the hot path.
   */
  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if (request.is404) return done();
    checkApiToken(request.headers, tokens);
    try {
      reply.headers(limits.hit(request.method, request.routeOptions.url ?? request.url));
    } catch (error) {
      if (error instanceof RateLimited) reply.headers(error.headers);
      throw error;
    }
    done();
  });

  app.get('/v3/users', { schema: listUsersSchema }, (request) => {
    const query = request.query as Query;
    const afterSeq = decodePageToken(stringParam(query, 'token'));
    const limit = limitParam(query, mode);
    const activeMode = enumParam(query, 'active_mode', ACTIVE_MODES, 'activated', mode);
    const showBot = booleanParam(query, 'show_bot', true, mode);
    const userIds = listParam(query, 'user_ids');
    if (userIds && userIds.length > LIMITS.userIdsFilter) throw new SendbirdError(CODE.TOO_MANY_ITEMS, '"user_ids" has too many items.');
    const nickname = stringParam(query, 'nickname');
    const nicknamePrefix = stringParam(query, 'nickname_startswith');
    const metadataKey = stringParam(query, 'metadatakey');
    const metadataValues = listParam(query, 'metadatavalues_in');

    const wantedIds = userIds && new Set(userIds);
    const accept = (user: SendbirdUser): boolean =>
      (activeMode === 'all' || user.is_active === (activeMode === 'activated')) &&
      (showBot || !user.is_bot) &&
      (!wantedIds || wantedIds.has(user.user_id)) &&
      (nickname === undefined || user.nickname === nickname) &&
      (nicknamePrefix === undefined || user.nickname.startsWith(nicknamePrefix)) &&
      (metadataKey === undefined ||
        (Object.hasOwn(user.metadata, metadataKey) && (!metadataValues || metadataValues.includes(user.metadata[metadataKey]))));

    const page = users.scan(afterSeq, limit, accept);
    return { users: page.users, next: page.nextAfterSeq === undefined ? '' : encodePageToken(page.nextAfterSeq) };
  });

  app.get('/v3/users/:user_id', { schema: viewUserSchema }, (request) => {
    const query = request.query as Query;
    const includeUnreadCount = booleanParam(query, 'include_unread_count', false, mode);
    const customTypes = listParam(query, 'custom_types');
    const superMode = enumParam(query, 'super_mode', SUPER_MODES, 'all', mode);
    const user = users.byId((request.params as UserParams).user_id);
    if (!user) throw userNotFound();
    return includeUnreadCount ? withUnreadCounts(user, { customTypes, superMode }) : user;
  });

  app.post('/v3/users', { schema: createUserSchema }, async (request) => {
    const body = BodyReader.of(request.body);
    const userId = body.string('user_id', true, LIMITS.userId, CODE.USER_ID_LENGTH_EXCEEDED)!;
    if (userId.trim() === '') throw new SendbirdError(CODE.NOT_ALLOWED_CHARACTER, '"user_id" must not be empty or whitespace.');
    const nickname = body.string('nickname', true, LIMITS.nickname)!;
    const profileUrl = body.string('profile_url', true, LIMITS.profileUrl)!;
    const issueAccessToken = body.boolean('issue_access_token') ?? false;
    const discoveryKeys = body.stringList('discovery_keys') ?? [];
    const metadata = body.metadata('metadata', METADATA_LIMITS) ?? {};
    const user: SendbirdUser = {
      ...blankUser(userId, nickname, Math.floor(clock.now() / 1000)),
      profile_url: profileUrl,
      metadata,
      access_token: issueAccessToken ? newAccessToken() : '',
      discovery_keys: discoveryKeys,
    };
    if (!users.insert(user)) throw new SendbirdError(CODE.ALREADY_EXISTS, '"User" already exists.');
    return asCreated(user);
  });

  app.put('/v3/users/:user_id', { schema: updateUserSchema }, async (request) => {
    const body = BodyReader.of(request.body);
    const nickname = body.string('nickname', false, LIMITS.nickname);
    const profileUrl = body.string('profile_url', false, LIMITS.profileUrl);
    const issueAccessToken = body.boolean('issue_access_token');
    const isActive = body.boolean('is_active');
    const leaveAllWhenDeactivated = body.boolean('leave_all_when_deactivated') ?? true;
    // Documented as settable, but the live service kept its value (docs/platforms/sendbird.md#update-a-user, observation B).
    body.number('last_seen_at');
    const discoveryKeys = body.stringList('discovery_keys');
    const preferredLanguages = body.stringList('preferred_languages', LIMITS.preferredLanguages);

    const user = users.byId((request.params as UserParams).user_id);
    if (!user) throw userNotFound();
    if (nickname !== undefined) user.nickname = nickname;
    if (profileUrl !== undefined) user.profile_url = profileUrl;
    if (issueAccessToken) user.access_token = newAccessToken();
    if (isActive !== undefined) {
      if (!isActive && user.is_active && leaveAllWhenDeactivated) user.unread_channels = [];
      user.is_active = isActive;
    }
    if (discoveryKeys !== undefined) user.discovery_keys = discoveryKeys;
    if (preferredLanguages !== undefined) user.preferred_languages = preferredLanguages;
    users.put(user);
    return user;
  });

  app.delete('/v3/users/:user_id', { schema: deleteUserSchema }, async (request) => {
    if (!users.delete((request.params as UserParams).user_id)) throw userNotFound();
    return {};
  });
}
