import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes, randomUUID } from 'node:crypto';
import type { PlatformContext } from '../../core/platform.js';
import { sendBareJsonContentType } from '../../core/content-type.js';
import { escapeRegExp } from '../../core/text.js';
import {
  Authenticator, deletedTokenCookie, hashPassword, requireRole, TokenService, tokenCookie, truncateTo72Bytes, verifyPassword, type Caller,
} from './auth.js';
import { detail, MESSAGES, OpenWebUIError, openWebUIErrorHandler, routerFailure } from './errors.js';
import type { OpenWebUIGroup, OpenWebUIUser } from './models.js';
import {
  isValidEmail, lastValue, parseBody, passwordTooLong, profileImageProblem, queryInteger, rejectInvalidJson, validateForm, type ParsedBody,
} from './params.js';
import { OpenWebUIRepository } from './repository.js';
import {
  addUserSchema, allUsersSchema, apiKeySchema, deleteUserSchema, getUserActiveSchema, getUserInfoSchema, getUserSchema, listUsersSchema,
  searchUsersSchema, sessionSchema, signinSchema, signoutSchema, signupSchema, updateUserSchema,
} from './schemas.js';
import type { OpenWebUISettings } from './settings.js';
import { activeUser, isActive, profileImageUrl, userInfo, userModel, type GroupRef } from './wire.js';

type Query = Record<string, string | string[] | undefined>;
type UserIdParams = { user_id: string };

/** Users.get_users page size (docs/platforms/openwebui.md#list-and-search-users). */
export const PAGE_SIZE = 30;
const SIGNIN_WINDOW_MS = 3 * 60 * 1000;

const notFound = () => new OpenWebUIError(400, MESSAGES.USER_NOT_FOUND);
const prohibited = () => new OpenWebUIError(403, MESSAGES.ACTION_PROHIBITED);

export async function openWebUIRoutes(app: FastifyInstance, { store, clock, settings, rateLimiter }: PlatformContext<OpenWebUISettings>): Promise<void> {
  await app.register(fastifyCookie);
  const { version } = settings;
  const users = new OpenWebUIRepository(store);
  const tokens = await TokenService.create(settings.jwtSecret, clock, settings.jwtLifetimeSeconds, version.jwtIssuedAt);
  const primaryAdminRefused = () => new OpenWebUIError(version.primaryAdminRefusal.status, version.primaryAdminRefusal.detail);
  const permissions = (user: OpenWebUIUser) => version.permissions(user.role === 'admin' || settings.userApiKeys);
  const auth = new Authenticator(users, tokens, settings, clock);
  // Registered with the core so the control API can switch it at runtime.
  const signinLimiter = rateLimiter({
    limit: Math.max(1, settings.signinRateLimit),
    windowMs: SIGNIN_WINDOW_MS,
    enforce: settings.signinRateLimit > 0,
  });
  // The well-known admin token of GET /__mock/credentials: `{"id"}` only, so it never expires
  // and is the same on every start for the same secret (README).
  const admin = users.byEmail(settings.adminEmail);
  settings.wellKnown.token = admin ? await tokens.sign({ id: admin.id }) : '';

  const nowSeconds = () => Math.floor(clock.now() / 1000);

  // Bodies are validated by hand, in FastAPI's order and words; schemas document and serialize.
  app.setValidatorCompiler(() => () => true);
  app.setErrorHandler(openWebUIErrorHandler);
  app.removeAllContentTypeParsers();
  // Real servers accept any size; the mock stops at the server's BODY_LIMIT (README "Limits").
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, text, done) => {
    done(null, parseBody(request.headers['content-type'], text as string));
  });
  // Unserved paths and methods answered with this scope's body parser and Starlette's router rules.
  app.setNotFoundHandler(routerFailure);
  sendBareJsonContentType(app);
  app.addHook('onResponse', (request, _reply, done) => {
    if (request.openWebUITouch) auth.touch(request.openWebUITouch);
    done();
  });

  // --- preconditions, in FastAPI's order: body JSON syntax, then the auth dependency ---

  const jsonBody = async (request: FastifyRequest) => rejectInvalidJson(request.body as ParsedBody | undefined);
  /** The auth dependency, then the role check when there is one; synchronous for a credential seen before. */
  const withRole = (roles?: readonly string[]) => (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
    const admit = (caller: Caller) => {
      request.openWebUICaller = caller;
      if (roles) requireRole(caller, roles);
    };
    const caller = auth.authenticate(request, reply);
    if (!(caller instanceof Promise)) {
      admit(caller);
      return done();
    }
    caller.then(admit).then(() => done(), done);
  };
  const signedIn = withRole();
  const adminOnly = withRole(['admin']);
  const verified = withRole(['user', 'admin']);
  const callerOf = (request: FastifyRequest): Caller => request.openWebUICaller!;

  const groupsOf = (user: OpenWebUIUser): GroupRef[] =>
    user.group_ids.flatMap((groupId) => {
      const group = users.group(groupId);
      return group ? [{ id: group.id, name: group.name }] : [];
    });

  function sessionUser(user: OpenWebUIUser, issued: { token: string; expiresAt: number | null }) {
    return {
      token: issued.token,
      token_type: 'Bearer',
      expires_at: issued.expiresAt,
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      // Since 0.8.1 sign-in answers the profile-image route, not the stored image (docs/platforms/openwebui.md#sign-in).
      profile_image_url: `/api/v1/users/${user.id}/profile/image`,
      permissions: permissions(user),
    };
  }

  function newUser(fields: { email: string; name: string; password: string; profile_image_url: string | null; role: string }): OpenWebUIUser {
    const now = nowSeconds();
    return {
      id: randomUUID(),
      email: fields.email.toLowerCase(),
      username: null,
      role: fields.role,
      name: fields.name,
      profile_image_url: fields.profile_image_url,
      profile_banner_image_url: null,
      bio: null,
      gender: null,
      date_of_birth: null,
      timezone: null,
      presence_state: null,
      status_emoji: null,
      status_message: null,
      status_expires_at: null,
      info: null,
      settings: null,
      oauth: null,
      scim: null,
      last_active_at: now,
      updated_at: now,
      created_at: now,
      password_hash: hashPassword(fields.password, randomBytes(8).toString('hex')),
      api_key: null,
      group_ids: [],
    };
  }

  /** The checks sign-up and add share, in routers/auths.py order. */
  function checkNewAccount(email: string, password: string): void {
    if (!isValidEmail(email.toLowerCase())) throw new OpenWebUIError(400, MESSAGES.INVALID_EMAIL_FORMAT);
    if (users.byEmail(email.toLowerCase())) throw new OpenWebUIError(400, MESSAGES.EMAIL_TAKEN);
    if (passwordTooLong(password)) throw new OpenWebUIError(400, MESSAGES.PASSWORD_TOO_LONG);
  }

  // --- /api/v1/auths ---

  app.get('/api/v1/auths/', { schema: sessionSchema, preHandler: signedIn, exposeHeadRoute: false }, async (request, reply) => {
    const { user, token, claims } = callerOf(request);
    let expiresAt: number | null = null;
    if (claims) {
      expiresAt = typeof claims.exp === 'number' ? claims.exp : null;
      if (expiresAt !== null && nowSeconds() > expiresAt) throw new OpenWebUIError(401, MESSAGES.INVALID_TOKEN);
      reply.header('set-cookie', tokenCookie(token, expiresAt));
    }
    return {
      token,
      token_type: 'Bearer',
      expires_at: expiresAt,
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      profile_image_url: profileImageUrl(user),
      bio: user.bio,
      gender: user.gender,
      date_of_birth: user.date_of_birth,
      status_emoji: user.status_emoji,
      status_message: user.status_message,
      status_expires_at: user.status_expires_at,
      permissions: permissions(user),
    };
  });

  app.post('/api/v1/auths/signin', { schema: signinSchema, preValidation: jsonBody }, async (request, reply) => {
    const form = validateForm<{ email: string; password: string }>(request.body as ParsedBody | undefined, [
      { name: 'email', required: true },
      { name: 'password', required: true },
    ]);
    const email = form.email.toLowerCase();
    if (!signinLimiter.hit(email).allowed) throw new OpenWebUIError(429, MESSAGES.RATE_LIMIT_EXCEEDED);
    const user = users.byEmail(email);
    if (!user || !verifyPassword(truncateTo72Bytes(form.password), user.password_hash)) throw new OpenWebUIError(400, MESSAGES.INVALID_CRED);
    const issued = await tokens.issue(user.id);
    reply.header('set-cookie', tokenCookie(issued.token, issued.expiresAt));
    return sessionUser(user, issued);
  });

  app.post('/api/v1/auths/signup', { schema: signupSchema, preValidation: jsonBody }, async (request, reply) => {
    const form = validateForm<{ name: string; email: string; password: string; profile_image_url: string | null }>(
      request.body as ParsedBody | undefined,
      [
        { name: 'name', required: true },
        { name: 'email', required: true },
        { name: 'password', required: true },
        { name: 'profile_image_url', required: false, fallback: '/user.png', check: profileImageProblem },
      ],
    );
    const hasUsers = users.count() > 0;
    // ENABLE_INITIAL_ADMIN_SIGNUP is off by default, so a disabled sign-up refuses even the first account.
    if (!settings.enableSignup || users.signupDisabled()) throw new OpenWebUIError(403, MESSAGES.ACCESS_PROHIBITED);
    checkNewAccount(form.email, form.password);
    const user = newUser({ ...form, role: hasUsers ? settings.defaultUserRole : 'admin' });
    store.transaction(() => {
      users.put(user);
      if (!hasUsers) users.disableSignup();
    });
    const issued = await tokens.issue(user.id);
    reply.header('set-cookie', tokenCookie(issued.token, issued.expiresAt));
    return sessionUser(user, issued);
  });

  app.post('/api/v1/auths/add', { schema: addUserSchema, preValidation: jsonBody, preHandler: adminOnly }, async (request) => {
    const form = validateForm<{ name: string; email: string; password: string; profile_image_url: string | null; role: string | null }>(
      request.body as ParsedBody | undefined,
      [
        { name: 'name', required: true },
        { name: 'email', required: true },
        { name: 'password', required: true },
        { name: 'profile_image_url', required: false, fallback: '/user.png', check: profileImageProblem },
        { name: 'role', required: false, fallback: 'pending' },
      ],
    );
    checkNewAccount(form.email, form.password);
    const user = newUser({ ...form, role: form.role ?? 'pending' });
    users.put(user);
    // 0.8 called create_token without expires_delta, so those tokens never expired; 0.9+ gives the sign-in expiry.
    const issued = await tokens.issue(user.id, version.addedTokensExpire);
    // The profile-image route, as sign-in answers it, whatever image was stored (every release compared).
    return {
      token: issued.token, token_type: 'Bearer', id: user.id, email: user.email, name: user.name, role: user.role,
      profile_image_url: `/api/v1/users/${user.id}/profile/image`,
    };
  });

  // Sign-out: GET up to 0.8, POST since 0.9; the other method is Starlette's 405, before any auth.
  const signoutMethod = version.signoutMethod;
  app.route({
    method: signoutMethod,
    url: '/api/v1/auths/signout',
    schema: signoutSchema(signoutMethod),
    preHandler: signedIn,
    handler: async (_request, reply) => {
      reply.header('set-cookie', deletedTokenCookie(clock.now()));
      return { status: true };
    },
  });
  app.route({
    method: signoutMethod === 'GET' ? 'POST' : 'GET',
    url: '/api/v1/auths/signout',
    schema: { hide: true },
    handler: async (_request, reply) => detail(reply, 405, 'Method Not Allowed', { allow: signoutMethod }),
  });

  app.get('/api/v1/auths/api_key', { schema: apiKeySchema, preHandler: signedIn, exposeHeadRoute: false }, async (request) => {
    const { user } = callerOf(request);
    if (!user.api_key) throw new OpenWebUIError(404, MESSAGES.API_KEY_NOT_FOUND);
    return { api_key: user.api_key };
  });

  // --- /api/v1/users ---

  app.get('/api/v1/users/', { schema: listUsersSchema, preHandler: adminOnly, exposeHeadRoute: false }, async (request) => {
    const { users: page, total } = searchUsers(request.query as Query);
    return { users: page.map((user) => Object.assign(userModel(user), { group_ids: user.group_ids })), total };
  });

  app.get('/api/v1/users/all', { schema: allUsersSchema, preHandler: adminOnly, exposeHeadRoute: false }, async () => {
    const all = users.all().sort((a, b) => b.created_at - a.created_at);
    // groups and is_active are model defaults there: the handler never fills them (docs/platforms/openwebui.md#list-and-search-users).
    return { users: all.map((user) => userInfo(user, [], false)), total: all.length };
  });

  app.get('/api/v1/users/search', { schema: searchUsersSchema, preHandler: verified, exposeHeadRoute: false }, async (request) => {
    const { users: page, total } = searchUsers(request.query as Query);
    return { users: page.map((user) => userInfo(user, [], false)), total };
  });

  /** Users.get_users with the handler's filter (docs/platforms/openwebui.md#list-and-search-users): LIKE on name or email, optional order, 30 a page. */
  function searchUsers(query: Query): { users: OpenWebUIUser[]; total: number } {
    const page = Math.max(1, queryInteger(query, 'page', 1));
    const text = lastValue(query, 'query');
    const orderBy = lastValue(query, 'order_by');
    const ascending = lastValue(query, 'direction') === 'asc';
    let selected = users.all();
    if (text) {
      const pattern = likePattern(text);
      selected = selected.filter((user) => pattern.test(asciiLower(user.name)) || pattern.test(asciiLower(user.email)));
    }
    const compare = orderBy ? comparator(orderBy, ascending) : undefined;
    if (compare) selected.sort(compare);
    const skip = (page - 1) * PAGE_SIZE;
    return { users: skip >= selected.length ? [] : selected.slice(skip, skip + PAGE_SIZE), total: selected.length };
  }

  function getUser(request: FastifyRequest) {
    let userId = (request.params as UserIdParams).user_id;
    // Up to 0.8.x `shared-{chat_id}` names the owner of a shared chat (docs/platforms/openwebui.md#shared-chat-ids); 0.9+ looks it up as a user id.
    if (version.sharedChatIds && userId.startsWith('shared-')) {
      const chat = users.chat(userId.replaceAll('shared-', ''));
      if (!chat) throw notFound();
      userId = chat.user_id;
    }
    const user = users.byId(userId) ?? raise(notFound());
    return activeUser(user, groupsOf(user), isActive(user, nowSeconds()));
  }

  const getUserOptions = { schema: getUserSchema, preHandler: adminOnly, exposeHeadRoute: false };
  app.get('/api/v1/users/:user_id', getUserOptions, getUser);
  // The path of the public page that documents get-user (mintlify.wiki); the real server serves /api/v1.
  app.get('/api/users/:user_id', getUserOptions, getUser);

  app.get('/api/v1/users/:user_id/info', { schema: getUserInfoSchema, preHandler: verified, exposeHeadRoute: false }, async (request) => {
    const user = users.byId((request.params as UserIdParams).user_id) ?? raise(notFound());
    return userInfo(user, groupsOf(user), isActive(user, nowSeconds()));
  });

  app.get('/api/v1/users/:user_id/active', { schema: getUserActiveSchema, preHandler: verified, exposeHeadRoute: false }, async (request) => {
    const user = users.byId((request.params as UserIdParams).user_id);
    return { active: user !== undefined && isActive(user, nowSeconds()) };
  });

  app.post(
    '/api/v1/users/:user_id/update',
    { schema: updateUserSchema, preValidation: jsonBody, preHandler: adminOnly },
    async (request) => {
      // UserUpdateForm: every field a required str up to 0.8; all Optional since 0.9, and only those sent apply.
      const required = !version.partialUpdates;
      const form = validateForm<{ role: string | null; name: string | null; email: string | null; profile_image_url: string | null; password: string | null }>(
        request.body as ParsedBody | undefined,
        [
          { name: 'role', required, fallback: null },
          { name: 'name', required, fallback: null },
          { name: 'email', required, fallback: null },
          { name: 'profile_image_url', required, fallback: null, check: profileImageProblem },
          { name: 'password', required: false, fallback: null },
        ],
      );
      const userId = (request.params as UserIdParams).user_id;
      const caller = callerOf(request).user;
      // The primary admin may only be edited by itself, and stays admin (docs/platforms/openwebui.md#update-a-user; 0.8 answers 500 here).
      if (userId === users.firstUserId() && (caller.id !== userId || (form.role !== null && form.role !== 'admin'))) throw primaryAdminRefused();
      const user = users.byId(userId) ?? raise(notFound());
      const email = form.email === null ? user.email : form.email.toLowerCase();
      if (email !== user.email && users.byEmail(email)) throw new OpenWebUIError(400, MESSAGES.EMAIL_TAKEN);
      let passwordHash = user.password_hash;
      if (form.password) {
        if (passwordTooLong(form.password)) throw new OpenWebUIError(400, MESSAGES.PASSWORD_TOO_LONG);
        passwordHash = hashPassword(form.password, randomBytes(8).toString('hex'));
      }
      const updated: OpenWebUIUser = {
        ...user,
        role: form.role ?? user.role,
        name: form.name ?? user.name,
        email,
        profile_image_url: form.profile_image_url ?? user.profile_image_url,
        password_hash: passwordHash,
        updated_at: nowSeconds(),
      };
      users.put(updated);
      return userModel(updated);
    },
  );

  // Routes added after 0.8 that would otherwise be read as `/{user_id}` (or 404): the mock knows them and their
  // auth dependency but not their bodies, and says so (README, docs/platforms/openwebui.md#versions).
  if (version.laterRoutes) {
    const laterRoutes: { url: string; preHandler: typeof signedIn }[] = [
      { url: '/api/v1/users/usage', preHandler: adminOnly },
      { url: '/api/v1/users/user/variables', preHandler: verified },
      { url: '/api/v1/users/default/permissions/defaults', preHandler: adminOnly },
      { url: '/api/v1/users/:user_id/preview', preHandler: adminOnly },
    ];
    for (const { url, preHandler } of laterRoutes) {
      app.get(url, { schema: { hide: true }, preHandler, exposeHeadRoute: false }, async () => {
        throw new OpenWebUIError(400, `chat-user-mock does not emulate GET ${url.replace(':user_id', '{user_id}')} of Open WebUI ${version.name}`);
      });
    }
  }

  app.delete('/api/v1/users/:user_id', { schema: deleteUserSchema, preHandler: adminOnly }, async (request) => {
    const userId = (request.params as UserIdParams).user_id;
    // Primary admin first, then oneself (docs/platforms/openwebui.md#delete-a-user; 0.8.x answers 500 for the first, see update).
    if (userId === users.firstUserId()) throw primaryAdminRefused();
    if (userId === callerOf(request).user.id) throw prohibited();
    // No existence check: an unknown id is `true` as well.
    users.delete(userId);
    return true;
  });
}

/** SQLite's lower(): ASCII letters only, which is what ILIKE amounts to there. */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

/** `ILIKE %text%` without an escape character: `%` and `_` in the text stay wildcards. */
function likePattern(text: string): RegExp {
  const body = Array.from(asciiLower(text), (char) => (char === '%' ? '[\\s\\S]*' : char === '_' ? '[\\s\\S]' : escapeRegExp(char))).join('');
  return new RegExp(body);
}

type Comparator = (a: OpenWebUIUser, b: OpenWebUIUser) => number;

const byValue = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
const SORTABLE = new Set(['name', 'email', 'created_at', 'last_active_at', 'updated_at', 'role']);

/** Any order_by but these is ignored; `direction` other than "asc" is descending (docs/platforms/openwebui.md#list-and-search-users). */
function comparator(orderBy: string, ascending: boolean): Comparator | undefined {
  const sign = ascending ? 1 : -1;
  if (orderBy.startsWith('group_id:')) {
    const groupId = orderBy.slice('group_id:'.length);
    const member = (user: OpenWebUIUser) => (user.group_ids.includes(groupId) ? 1 : 0);
    return (a, b) => sign * (member(a) - member(b)) || byValue(a.name, b.name);
  }
  if (!SORTABLE.has(orderBy)) return undefined;
  const field = orderBy as 'name' | 'email' | 'created_at' | 'last_active_at' | 'updated_at' | 'role';
  return (a, b) => sign * byValue(a[field], b[field]);
}

function raise(error: Error): never {
  throw error;
}
