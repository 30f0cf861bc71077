import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { baseUrlOf } from '../../core/base-url.js';
import type { PlatformContext } from '../../core/platform.js';
import { sendBareJsonContentType } from '../../core/content-type.js';
import { lazySerializerCompiler } from '../../core/serializer.js';
import { authenticate } from './auth.js';
import { ZulipError, noSuchUser, sendZulipError, zulipErrorHandler } from './errors.js';
import type { ZulipUser } from './models.js';
import { ignoredParameters, jsonBoolean, jsonIntegerList } from './params.js';
import { ZulipRepository } from './repository.js';
import { fetchApiKeySchema, getOwnUserSchema, getUserSchema, getUsersSchema, serverSettingsSchema } from './schemas.js';
import type { ZulipSettings } from './settings.js';
import { FEATURE_LEVEL } from './version.js';
import { canSeeDeliveryEmail, dummyEmailPattern, formatOwnUser, formatServerSettings, formatUser } from './wire.js';

type Query = Record<string, string | string[] | undefined>;

declare module 'fastify' {
  interface FastifyRequest {
    zulipCaller?: ZulipUser;
  }
}

/**
 * Methods each URL pattern really has in zproject/urls.py (docs/platforms/zulip.md#methods), HEAD implied by GET.
 * Methods Zulip has but the mock does not emulate answer 400 and say so; the rest get 405.
 */
const REAL_METHODS: Record<string, readonly string[]> = {
  '/api/v1/users': ['GET', 'POST'],
  '/api/v1/users/me': ['GET', 'DELETE'],
  '/api/v1/users/:user_id_or_email': ['GET', 'PATCH', 'DELETE'],
  '/api/v1/server_settings': ['GET'],
};
const OTHER_METHODS: HTTPMethods[] = ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

const USER_ID = /^[0-9]+$/;

export async function zulipRoutes(app: FastifyInstance, { store, clock, settings, rateLimiter }: PlatformContext<ZulipSettings>): Promise<void> {
  const users = new ZulipRepository(store);
  const limiter = rateLimiter(settings.rateLimit);
  const { fakeEmailDomain } = settings;
  const { featureLevel } = settings.release;
  // `user_ids` on GET /users is new in 11.0 (feature level 384); older servers report it as ignored.
  const GET_USERS_PARAMETERS = ['client_gravatar', 'include_custom_profile_fields', ...(featureLevel >= FEATURE_LEVEL.USER_IDS ? ['user_ids'] : [])];
  /** The dummy API email `user{id}@{domain}` that finds every user by id (docs/platforms/zulip.md#lookup-by-email, Zulip 10+). */
  const DUMMY_EMAIL = dummyEmailPattern(fakeEmailDomain);

  // Compact JSON plus a trailing newline, as orjson with OPT_APPEND_NEWLINE (docs/platforms/zulip.md#headers-and-encoding).
  app.setSerializerCompiler(lazySerializerCompiler((text) => `${text}\n`));
  app.setReplySerializer((payload) => `${JSON.stringify(payload)}\n`);
  sendBareJsonContentType(app);
  // Parameters are validated by hand, in Zulip's order and with its messages; schemas only document.
  app.setValidatorCompiler(() => () => true);
  app.setErrorHandler(zulipErrorHandler);

  /**
   * Authentication, then rate limiting (docs/platforms/zulip.md#routing-and-order-of-checks order); the limit headers go on everything after auth.
   * Synchronous, like the GET handlers: no promise per request on the hot path.
   */
  function authenticated(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
    const caller = authenticate(request, users);
    const verdict = limiter.hit(String(caller.user_id));
    reply.headers({
      'x-ratelimit-limit': String(verdict.limit),
      'x-ratelimit-remaining': String(verdict.remaining),
      'x-ratelimit-reset': String(Math.floor(verdict.freeAt / 1000)),
    });
    if (!verdict.allowed) {
      const retryAfter = verdict.retryAfterMs / 1000;
      throw new ZulipError(429, 'API usage exceeded rate limit', 'RATE_LIMIT_HIT', { 'retry-after': retryAfter }, { 'retry-after': String(retryAfter) });
    }
    request.zulipCaller = caller;
    done();
  }

  // `Expires` has a resolution of one second: its text is made once per second of the mock clock.
  let expiresSecond = NaN;
  let expiresText = '';
  const expires = () => {
    const now = clock.now();
    const second = Math.floor(Math.trunc(now) / 1000); // Date truncates to whole ms, then the text shows whole seconds
    if (second !== expiresSecond) {
      expiresSecond = second;
      expiresText = new Date(now).toUTCString();
    }
    return expiresText;
  };
  const neverCache = (reply: FastifyReply) =>
    reply.headers({ 'cache-control': 'max-age=0, no-cache, no-store, must-revalidate, private', expires: expires() });

  function success(reply: FastifyReply, body: Record<string, unknown>, query: Query, consumed: readonly string[]) {
    const ignored = ignoredParameters(query, consumed);
    if (ignored.length > 0) body.ignored_parameters_unsupported = ignored;
    neverCache(reply);
    return body;
  }

  app.get('/api/v1/users', { schema: getUsersSchema, preHandler: authenticated }, (request, reply) => {
    const query = request.query as Query;
    const clientGravatar = jsonBoolean(query, 'client_gravatar', true);
    const includeCustomProfileFields = jsonBoolean(query, 'include_custom_profile_fields', false);
    const userIds = featureLevel >= FEATURE_LEVEL.USER_IDS ? jsonIntegerList(query, 'user_ids') : undefined;
    const options = { clientGravatar, includeCustomProfileFields, fakeEmailDomain, featureLevel };
    const caller = request.zulipCaller!;
    const selected = userIds ? userIds.map((id) => users.byId(id) ?? raise(noSuchUser())) : users.all();
    const members = selected.map((user) => formatUser(user, caller, options));
    return success(reply, { result: 'success', msg: '', members }, query, GET_USERS_PARAMETERS);
  });

  app.get('/api/v1/users/me', { schema: getOwnUserSchema, preHandler: authenticated }, (request, reply) => {
    // /users/me has no parameter wrapper, so it never reports ignored parameters (docs/platforms/zulip.md#unknown-parameters, ≤ 9.x).
    neverCache(reply);
    return formatOwnUser(request.zulipCaller!, fakeEmailDomain, featureLevel);
  });

  /**
   * Needs no credentials, but a request that carries an Authorization header is authenticated like any
   * other (rest_dispatch); the endpoint is exempt from rate limiting. zulip.Client calls it when constructed.
   */
  function authenticatedIfCredentialed(request: FastifyRequest, _reply: FastifyReply, done: () => void): void {
    if (request.headers.authorization !== undefined) authenticate(request, users);
    done();
  }
  app.get('/api/v1/server_settings', { schema: serverSettingsSchema, preHandler: authenticatedIfCredentialed }, (request, reply) => {
    neverCache(reply);
    return formatServerSettings(users.realm(), baseUrlOf(request), settings.release);
  });

  const GET_USER_PARAMETERS = ['client_gravatar', 'include_custom_profile_fields'];
  app.get('/api/v1/users/:user_id_or_email', { schema: getUserSchema, preHandler: authenticated }, (request, reply) => {
    const query = request.query as Query;
    const clientGravatar = jsonBoolean(query, 'client_gravatar', true);
    const includeCustomProfileFields = jsonBoolean(query, 'include_custom_profile_fields', false);
    const caller = request.zulipCaller!;
    const target = findTarget((request.params as { user_id_or_email: string }).user_id_or_email, caller);
    const answer = { result: 'success', msg: '', user: formatUser(target, caller, { clientGravatar, includeCustomProfileFields, fakeEmailDomain, featureLevel }) };
    return success(reply, answer, query, GET_USER_PARAMETERS);
  });

  /** An all-digit segment is the `int` route (leading zeros fine); anything else the email route (docs/platforms/zulip.md#path-matching). */
  function findTarget(segment: string, caller: ZulipUser): ZulipUser {
    if (USER_ID.test(segment)) {
      const id = Number(segment);
      return (Number.isSafeInteger(id) && users.byId(id)) || raise(noSuchUser());
    }
    const dummy = DUMMY_EMAIL.exec(segment);
    if (dummy) return users.byId(Number(dummy[1])) ?? raise(noSuchUser());
    const user = users.byEmail(segment);
    // Only among users whose email visibility lets the caller see the address (Zulip 10+).
    if (!user || !canSeeDeliveryEmail(caller, user)) throw noSuchUser();
    return user;
  }

  // Bodies come only with writes: their parsers (and multipart's per-request hooks) live in a scope of their own,
  // so GETs skip them.
  await app.register(async (writes) => {
    await writes.register(formbody);
    await writes.register(multipart, { attachFieldsToBody: 'keyValues', limits: { fileSize: 1024 * 1024, files: 1 } });
    writes.post('/api/v1/fetch_api_key', { schema: fetchApiKeySchema }, async (request) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      for (const name of ['username', 'password']) {
        if (typeof body[name] !== 'string') {
          throw new ZulipError(400, `Missing '${name}' argument`, 'REQUEST_VARIABLE_MISSING', { var_name: name });
        }
      }
      const user = users.byEmail(body.username as string);
      if (!user || body.password !== settings.password) {
        throw new ZulipError(401, 'Your username or password is incorrect', 'AUTHENTICATION_FAILED');
      }
      if (users.realm().deactivated) throw new ZulipError(401, 'This organization has been deactivated', 'REALM_DEACTIVATED');
      if (!user.is_active) throw new ZulipError(401, 'Account is deactivated', 'USER_DEACTIVATED');
      return { result: 'success', msg: '', api_key: user.api_key, email: user.email, user_id: user.user_id };
    });
  });

  /**
   * The method check comes before authentication (zerver/lib/rest.py rest_dispatch, docs/platforms/zulip.md#methods) and before the
   * body is read: answered in onRequest, so a body of any Content-Type or size gets the 405 all the same.
   */
  for (const [url, methods] of Object.entries(REAL_METHODS)) {
    const allowed = [...methods, 'HEAD'];
    const refuse = async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.method === 'OPTIONS') return reply.code(204).header('allow', [...allowed].sort().join(', ')).send();
      if (!methods.includes(request.method)) {
        // Django sends this JSON body with a text/html content type and no trailing newline.
        return reply
          .code(405)
          .header('allow', allowed.join(', '))
          .type('text/html; charset=utf-8')
          .send(JSON.stringify({ result: 'error', msg: 'Method Not Allowed', allowed_methods: allowed }));
      }
      return sendZulipError(
        reply,
        new ZulipError(400, `chat-user-mock does not emulate ${request.method} ${url.replace(':user_id_or_email', '{user_id}')}; manage users through /__mock`),
      );
    };
    // The handler is never reached: onRequest has answered.
    app.route({ method: OTHER_METHODS, url, schema: { hide: true }, onRequest: refuse, handler: refuse });
  }
}

function raise(error: Error): never {
  throw error;
}
