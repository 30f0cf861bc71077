import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { baseUrlOf } from '../core/base-url.js';
import { ControllableClock } from '../core/clock.js';
import type { FieldError, Platform } from '../core/platform.js';
import { FieldChecker } from '../core/validation.js';
import { seededWith } from '../seeding/state.js';
import type { Snapshot } from '../store/store.js';
import { validateFaultRule } from './faults.js';
import type { JournalFilter } from './journal.js';
import * as schemas from './schemas.js';

const OPEN_PATHS = new Set(['/__mock/health', '/__mock/ready']);

function badRequest(reply: FastifyReply, message: string, errors: FieldError[] = []) {
  return reply.code(400).send({ error: 'Bad Request', message, statusCode: 400, errors });
}

function notFound(reply: FastifyReply, message: string) {
  return reply.code(404).send({ error: 'Not Found', message, statusCode: 404, errors: [] });
}

/** Journal filters from a query string or a JSON body; lists each wrong field. */
function readFilter(source: Record<string, unknown>, platforms: readonly string[]): { filter: JournalFilter; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const filter: JournalFilter = {};
  const text = (name: string) => (source[name] === undefined ? undefined : String(source[name]));
  const platform = text('platform');
  if (platform !== undefined) {
    if (platforms.includes(platform)) filter.platform = platform;
    else errors.push({ field: 'platform', message: `must be one of ${platforms.join(', ')}` });
  }
  filter.method = text('method');
  filter.path = text('path');
  const status = text('status');
  if (status !== undefined) {
    if (/^\d{1,3}$/.test(status)) filter.status = Number(status);
    else errors.push({ field: 'status', message: 'must be an HTTP status code' });
  }
  for (const name of ['since', 'until'] as const) {
    const value = text(name);
    if (value === undefined) continue;
    const time = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
    if (Number.isNaN(time)) errors.push({ field: name, message: 'must be ms since the epoch or an ISO 8601 time' });
    else filter[name] = time;
  }
  return { filter, errors };
}

export async function controlPlugin(app: FastifyInstance): Promise<void> {
  const { mock } = app;
  const { store, platforms, settingsOf, journal, faults } = mock;
  const platformNames = platforms.map((platform) => platform.name);
  const platformNamed = (name: string) => platforms.find((platform) => platform.name === name);

  // Bodies are checked by hand so that a 400 lists every wrong field; the schemas document and serialize.
  app.setValidatorCompiler(() => () => true);
  // Errors of the control API itself (bad JSON and the like) in its own plain shape.
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const statusCode = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    return reply.code(statusCode).send({ error: statusCode === 500 ? 'Internal Server Error' : 'Bad Request', message: error.message, statusCode, errors: [] });
  });

  if (mock.adminToken) {
    const expected = `Bearer ${mock.adminToken}`;
    app.addHook('onRequest', async (request, reply) => {
      if (OPEN_PATHS.has(request.url.split('?')[0])) return;
      if (request.headers.authorization !== expected) {
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer realm="chat-user-mock"')
          .send({ error: 'Unauthorized', message: 'the control API needs Authorization: Bearer <MOCK_ADMIN_TOKEN>', statusCode: 401, errors: [] });
      }
    });
  }

  const { tenants } = mock;
  if (tenants) {
    app.get('/tenants', { schema: schemas.listTenants }, async () => ({ max: tenants.max, tenants: await tenants.list() }));
    app.delete('/tenants/:tenant', { schema: schemas.deleteTenant }, async (request, reply) => {
      const { tenant } = request.params as { tenant: string };
      if (!(await tenants.remove(tenant))) return notFound(reply, `no tenant ${tenant}`);
      return reply.code(204).send();
    });
  }

  app.get('/health', { schema: schemas.health }, async () => ({ status: 'ok' }));

  app.get('/ready', { schema: schemas.ready }, async (_request, reply) => {
    const seeded = store.isOpen ? seededWith(store) : undefined;
    if (!seeded) return reply.code(503).send({ status: 'starting' });
    return { status: 'ready', seed: seeded.seed, users: seeded.users };
  });

  app.get('/credentials', { schema: schemas.credentials }, async (request) => {
    const base = baseUrlOf(request);
    return Object.fromEntries(
      platforms.map((platform) => {
        const credentials = platform.credentials(settingsOf(platform), base);
        return [platform.name, platform.version ? { ...credentials, version: platform.version(settingsOf(platform)) } : credentials];
      }),
    );
  });

  // ---- data -------------------------------------------------------------

  app.post('/reset', { schema: schemas.reset }, async (request, reply) => {
    const body = FieldChecker.object(request.body ?? {});
    if (!body) return badRequest(reply, 'the body must be a JSON object');
    const check = new FieldChecker(body, ['seed', 'users'], 'a reset').integer('seed', false, 0, 2 ** 31 - 1).integer('users', false, 0, 1_000_000);
    if (check.errors.length > 0) return badRequest(reply, 'invalid reset', check.errors);
    const current = seededWith(store) ?? { seed: mock.seed, users: mock.users };
    const options = { seed: (body.seed as number | undefined) ?? current.seed, users: (body.users as number | undefined) ?? current.users };
    const { seedStore } = await import('../seeding/seed.js');
    seedStore(store, platforms, settingsOf, options);
    journal.clear();
    faults.clear();
    for (const limiter of mock.rateLimiters.values()) limiter.reset();
    return { status: 'reset', ...options };
  });

  app.post('/seed', { schema: schemas.seed }, async (request, reply) => {
    const body = FieldChecker.object(request.body ?? {});
    if (!body) return badRequest(reply, 'the body must be a JSON object');
    const check = new FieldChecker(body, ['count', 'platform'], 'a seed request').integer('count', true, 1, 1_000_000).oneOf('platform', platformNames);
    if (check.errors.length > 0) return badRequest(reply, 'invalid seed request', check.errors);
    const targets = body.platform ? [platformNamed(body.platform as string)!] : platforms;
    const { seedMore } = await import('../seeding/seed.js');
    const added = seedMore(store, targets, settingsOf, body.count as number);
    return { added, platforms: targets.map((platform) => platform.name) };
  });

  const withPlatform = (request: FastifyRequest, reply: FastifyReply): Platform | undefined => {
    const platform = platformNamed((request.params as { platform: string }).platform);
    if (!platform) notFound(reply, `no platform named ${(request.params as { platform: string }).platform}; one of ${platformNames.join(', ')}`);
    return platform;
  };

  app.get('/platforms/:platform/users', { schema: schemas.listUsers }, async (request, reply) => {
    const platform = withPlatform(request, reply);
    if (!platform) return reply;
    const query = request.query as Record<string, string>;
    const offset = /^\d+$/.test(query.offset ?? '0') ? Number(query.offset ?? 0) : NaN;
    const limit = /^\d+$/.test(query.limit ?? '100') ? Number(query.limit ?? 100) : NaN;
    if (Number.isNaN(offset) || Number.isNaN(limit) || limit > 1000) {
      return badRequest(reply, 'invalid paging', [{ field: 'offset/limit', message: 'must be whole numbers, limit at most 1000' }]);
    }
    return { total: platform.users.count(store), offset, users: platform.users.list(store, { offset, limit }) };
  });

  app.post('/platforms/:platform/users', { schema: schemas.createUser }, async (request, reply) => {
    const platform = withPlatform(request, reply);
    if (!platform) return reply;
    const result = platform.users.put(store, undefined, request.body, mock.clock.now(), settingsOf(platform));
    if (!result.ok) return badRequest(reply, `invalid ${platform.name} user`, result.errors);
    return reply.code(201).send({ id: result.id, user: result.user });
  });

  app.get('/platforms/:platform/users/:id', { schema: schemas.getUser }, async (request, reply) => {
    const platform = withPlatform(request, reply);
    if (!platform) return reply;
    const { id } = request.params as { id: string };
    const user = platform.users.get(store, id);
    return user === undefined ? notFound(reply, `no ${platform.name} user ${id}`) : { id, user };
  });

  app.put('/platforms/:platform/users/:id', { schema: schemas.putUser }, async (request, reply) => {
    const platform = withPlatform(request, reply);
    if (!platform) return reply;
    const result = platform.users.put(store, (request.params as { id: string }).id, request.body, mock.clock.now(), settingsOf(platform));
    if (!result.ok) return badRequest(reply, `invalid ${platform.name} user`, result.errors);
    return reply.code(result.created ? 201 : 200).send({ id: result.id, user: result.user });
  });

  app.delete('/platforms/:platform/users/:id', { schema: schemas.deleteUser }, async (request, reply) => {
    const platform = withPlatform(request, reply);
    if (!platform) return reply;
    const { id } = request.params as { id: string };
    return platform.users.delete(store, id) ? reply.code(204).send() : notFound(reply, `no ${platform.name} user ${id}`);
  });

  app.get('/snapshot', { schema: schemas.getSnapshot }, async () => store.snapshot());

  app.put('/snapshot', { schema: schemas.putSnapshot, bodyLimit: 512 * 1024 * 1024 }, async (request, reply) => {
    const snapshot = FieldChecker.object(request.body) as Partial<Snapshot> | undefined;
    const valid =
      snapshot?.format === 'chat-user-mock/snapshot@1' &&
      FieldChecker.object(snapshot.meta) !== undefined &&
      Object.values(snapshot.meta!).every((value) => typeof value === 'string') &&
      Array.isArray(snapshot.records) &&
      snapshot.records.every(
        (record) =>
          FieldChecker.object(record) !== undefined &&
          typeof record.platform === 'string' &&
          typeof record.collection === 'string' &&
          typeof record.id === 'string' &&
          (record.email === null || typeof record.email === 'string'),
      );
    if (!valid) return badRequest(reply, 'not a snapshot: expected {format: "chat-user-mock/snapshot@1", meta: {..strings}, records: [{platform, collection, id, email, data}]} as GET /__mock/snapshot returns it');
    try {
      store.restore(snapshot as Snapshot);
    } catch (error) {
      return badRequest(reply, `the snapshot could not be loaded (nothing changed): ${(error as Error).message}`);
    }
    return { status: 'restored', records: snapshot.records!.length };
  });

  // ---- journal ----------------------------------------------------------

  app.get('/requests', { schema: schemas.listRequests }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const { filter, errors } = readFilter(query, platformNames);
    const limit = query.limit === undefined ? 1000 : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1) errors.push({ field: 'limit', message: 'must be a positive integer' });
    if (errors.length > 0) return badRequest(reply, 'invalid filter', errors);
    const requests = journal.entries(filter);
    return {
      total: journal.total,
      held: journal.length,
      dropped: journal.dropped,
      capacity: journal.capacity,
      matched: requests.length,
      requests: requests.slice(-limit),
    };
  });

  app.delete('/requests', { schema: schemas.clearRequests }, async (_request, reply) => {
    journal.clear();
    return reply.code(204).send();
  });

  app.post('/requests/wait', { schema: schemas.waitRequests }, async (request, reply) => {
    const body = FieldChecker.object(request.body ?? {});
    if (!body) return badRequest(reply, 'the body must be a JSON object');
    const { filter, errors } = readFilter(body, platformNames);
    const extra = new FieldChecker(body, ['platform', 'method', 'path', 'status', 'since', 'until', 'count', 'timeoutMs'], 'a wait')
      .integer('count', false, 1, 100_000)
      .integer('timeoutMs', false, 0, 300_000);
    errors.push(...extra.errors);
    if (errors.length > 0) return badRequest(reply, 'invalid wait', errors);
    const result = await journal.waitFor(filter, (body.count as number | undefined) ?? 1, (body.timeoutMs as number | undefined) ?? 5000);
    return { matched: result.matched, count: result.entries.length, requests: result.entries };
  });

  // ---- faults -------------------------------------------------------------

  app.post('/faults', { schema: schemas.addFault }, async (request, reply) => {
    const { rule, errors } = validateFaultRule(request.body, platformNames);
    if (!rule) return badRequest(reply, 'invalid fault', errors);
    return reply.code(201).send(faults.add(rule));
  });

  app.get('/faults', { schema: schemas.listFaults }, async () => ({
    faults: faults.list(),
    rateLimits: Object.fromEntries([...mock.rateLimiters].map(([name, limiter]) => [name, limiter.rule])),
  }));

  app.delete('/faults', { schema: schemas.clearFaults }, async (_request, reply) => {
    faults.clear();
    return reply.code(204).send();
  });

  app.delete('/faults/:id', { schema: schemas.deleteFault }, async (request, reply) => {
    const { id } = request.params as { id: string };
    return faults.remove(id) ? reply.code(204).send() : notFound(reply, `no fault ${id}`);
  });

  app.put('/rate-limits/:platform', { schema: schemas.putRateLimit }, async (request, reply) => {
    const platform = withPlatform(request, reply);
    if (!platform) return reply;
    const limiter = mock.rateLimiters.get(platform.name);
    if (!limiter) return notFound(reply, `${platform.name} has no rate limit`);
    const body = FieldChecker.object(request.body ?? {});
    if (!body) return badRequest(reply, 'the body must be a JSON object');
    const check = new FieldChecker(body, ['enforce', 'limit', 'windowSeconds'], 'a rate limit')
      .boolean('enforce')
      .integer('limit', false, 1, 1_000_000)
      .integer('windowSeconds', false, 1, 86_400);
    if (check.errors.length > 0) return badRequest(reply, 'invalid rate limit', check.errors);
    limiter.rule = {
      enforce: (body.enforce as boolean | undefined) ?? limiter.rule.enforce,
      limit: (body.limit as number | undefined) ?? limiter.rule.limit,
      windowMs: body.windowSeconds === undefined ? limiter.rule.windowMs : (body.windowSeconds as number) * 1000,
    };
    limiter.reset();
    return { platform: platform.name, ...limiter.rule };
  });

  // ---- clock --------------------------------------------------------------

  const clock = mock.clock instanceof ControllableClock ? mock.clock : undefined;
  const clockState = () => {
    const state = clock!.state();
    return { ...state, iso: new Date(state.now).toISOString() };
  };

  app.get('/clock', { schema: schemas.getClock }, async (_request, reply) => (clock ? clockState() : notFound(reply, 'the clock was injected and is not controllable')));

  app.post('/clock', { schema: schemas.setClock }, async (request, reply) => {
    if (!clock) return notFound(reply, 'the clock was injected and is not controllable');
    const body = FieldChecker.object(request.body ?? {});
    if (!body) return badRequest(reply, 'the body must be a JSON object');
    // ±8.64e15 ms is the range a JavaScript Date can hold.
    const isTime = (value: unknown) => Math.abs(typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN) <= 8.64e15;
    const check = new FieldChecker(body, ['freeze', 'set', 'advanceMs'], 'a clock change')
      .boolean('freeze')
      .custom('set', isTime, 'ms since the epoch or an ISO 8601 time')
      .integer('advanceMs', false, -(10 ** 12), 10 ** 12);
    const target = (body.set === undefined ? clock.now() : typeof body.set === 'number' ? body.set : Date.parse(body.set as string)) + (typeof body.advanceMs === 'number' ? body.advanceMs : 0);
    if (check.errors.length === 0 && !(Math.abs(target) <= 8.64e15)) check.add('advanceMs', 'moves the clock outside the range of a date');
    if (Object.keys(body).length === 0) check.add('(body)', 'needs freeze, set or advanceMs');
    if (check.errors.length > 0) return badRequest(reply, 'invalid clock change', check.errors);
    if (body.freeze === true) clock.freeze();
    if (body.freeze === false) clock.unfreeze();
    if (body.set !== undefined) clock.set(typeof body.set === 'number' ? body.set : Date.parse(body.set as string));
    if (body.advanceMs !== undefined) clock.advance(body.advanceMs as number);
    return clockState();
  });

  app.delete('/clock', { schema: schemas.resetClock }, async (_request, reply) => {
    if (!clock) return notFound(reply, 'the clock was injected and is not controllable');
    clock.useRealTime();
    return clockState();
  });
}
