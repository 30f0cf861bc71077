import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../core/platform.js';
import { checkToken } from './auth.js';
import { ChakraError, chakraErrorHandler } from './errors.js';
import type { ChakraUser } from './models.js';
import { normalizeUserId, parseUserUpdate } from './params.js';
import { ChakraRepository } from './repository.js';
import {
  EMPTY_CONFIG_KEYS, fetchConfigSchema, fetchUserV1Schema, fetchUserV2Schema, healthSchema, listUsersV1Schema,
  listUsersV2Schema, updateUserSchema,
} from './schemas.js';
import type { ChakraSettings } from './settings.js';
import { type Humanizer, humanizerFor, listItemV2, userV2 } from './wire.js';

const JSON_TYPE = 'application/json; charset=utf-8';

export async function chakraRoutes(app: FastifyInstance, { store, clock, settings }: PlatformContext<ChakraSettings>): Promise<void> {
  const users = new ChakraRepository(store);
  const { tokens, unauthorizedStatus } = settings;

  // Bodies are checked by hand so every wrong field is listed in `_errors`; schemas only document and serialize.
  app.setValidatorCompiler(() => () => true);
  app.setErrorHandler(chakraErrorHandler);

  /** Runs before body parsing, so a request without a valid token never gets further (docs/platforms/chakra.md#authentication). Synchronous: no promise per request. */
  const authenticate = (request: FastifyRequest, _reply: FastifyReply, done: () => void) => {
    checkToken(request, tokens, unauthorizedStatus);
    done();
  };

  // The v2 maps are rebuilt only when the stored config text changes (e.g. after a reseed).
  let configText: string | undefined;
  let humanizer: Humanizer = humanizerFor(undefined, settings.v2TimestampZone);
  function currentHumanizer(): Humanizer {
    const text = users.rawConfig();
    if (text !== configText) {
      configText = text;
      humanizer = humanizerFor(users.config(), settings.v2TimestampZone);
    }
    return humanizer;
  }

  /** The stored id a path segment names: any-case UUIDs match; anything else is "not found" (docs/platforms/chakra.md#user-not-found). */
  function userIdOf(request: FastifyRequest): string {
    const userId = normalizeUserId((request.params as { userId: string }).userId);
    if (userId === undefined) {
      const status = settings.malformedUserIdStatus;
      throw new ChakraError(status, status === 404 ? 'User not found' : 'Invalid user id');
    }
    return userId;
  }
  const userNotFound = () => new ChakraError(settings.unknownUserStatus, 'User not found');

  app.get('/v1/ext/user/:userId', { schema: fetchUserV1Schema, onRequest: authenticate }, (request, reply) => {
    const raw = users.rawById(userIdOf(request));
    if (raw === undefined) throw userNotFound();
    // The stored JSON is the v1 wire object already (models.ts): sent without parsing it.
    reply.type(JSON_TYPE).send(`{"_data":${raw}}`);
  });

  app.get('/v2/ext/user/:userId', { schema: fetchUserV2Schema, onRequest: authenticate }, (request) => {
    const user = users.byId(userIdOf(request));
    if (!user) throw userNotFound();
    return { _data: userV2(user, currentHumanizer()) };
  });

  // The response schema drops phones, emails and reportees (docs/platforms/chakra.md#list-users).
  app.get('/v1/ext/users', { schema: listUsersV1Schema, onRequest: authenticate }, async () => ({ _data: users.all() }));

  app.get('/v2/ext/users', { schema: listUsersV2Schema, onRequest: authenticate }, async () => {
    const current = currentHumanizer();
    return { _data: users.all().map((user) => listItemV2(user, current)) };
  });

  /** Update User (docs/platforms/chakra.md#update-user): PUT and PATCH alike, partial; the body is checked before the user is looked up. */
  async function updateUser(request: FastifyRequest, reply: FastifyReply) {
    const roles = currentHumanizer().roleNames;
    const update = parseUserUpdate(request.body, new Set(roles.keys()), settings.unknownUpdateFields === 'reject', settings.invalidBodyStatus);
    const user = users.byId(userIdOf(request));
    if (!user) throw userNotFound();
    const updated: ChakraUser = { ...user, ...update, updatedAt: Math.floor(clock.now()) };
    users.put(updated);
    reply.type(JSON_TYPE);
    return settings.updateResponse === 'empty' ? {} : { _data: updated };
  }
  app.put('/v1/ext/user/:userId', { schema: updateUserSchema, onRequest: authenticate }, updateUser);
  app.patch('/v1/ext/user/:userId', { schema: { ...updateUserSchema, summary: 'Update User API (PATCH)' }, onRequest: authenticate }, updateUser);

  app.get('/v1/ext/config', { schema: fetchConfigSchema, onRequest: authenticate }, async () => {
    const config = users.config();
    const data: Record<string, unknown> = { team: config?.team, roles: config?.roles ?? [] };
    for (const key of EMPTY_CONFIG_KEYS) data[key] = [];
    return { _data: data };
  });

  app.get(
    '/v1/health',
    { schema: healthSchema, onRequest: settings.healthRequiresToken ? authenticate : [] },
    async () => ({ _data: {} }),
  );
}
