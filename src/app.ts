import Fastify, {
  LogController, type FastifyBaseLogger, type FastifyHttpOptions, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Server } from 'node:http';
import { type Clock, ControllableClock } from './core/clock.js';
import { type LogLevel } from './core/config.js';
import { documentsFor, registerDocs } from './core/docs.js';
import { VERSION } from './core/package-files.js';
import type { Platform } from './core/platform.js';
import { createPlatformRouter } from './core/routing.js';
import type { SettingSource } from './core/settings.js';
import { Faults } from './control/faults.js';
import { Journal } from './control/journal.js';
import { controlPlugin } from './control/plugin.js';
import { nearestRoutes } from './control/nearest-routes.js';
import { registerTrafficHooks } from './control/traffic.js';
import { type RateLimitRule, SlidingWindowLimiter } from './core/rate-limit.js';
import { lazyCompilersFactory, lazySerializerCompiler } from './core/serializer.js';
import { drainUnreadBodies } from './core/unread-body.js';
import { selectPlatforms } from './platforms/index.js';
import { seededWith } from './seeding/state.js';
import { Store } from './store/store.js';
import { tenantServerFactory } from './tenants/server.js';
import { splitTenantUrl, Tenants } from './tenants/tenants.js';

export interface AppOptions {
  /** An open store to serve from; the caller keeps ownership. Otherwise one is opened at `dbPath`. */
  store?: Store;
  /** Default ':memory:'. */
  dbPath?: string;
  seed?: number;
  users?: number;
  /** Defaults to a ControllableClock on the system time. */
  clock?: Clock;
  /** Platform settings (credentials, switches) by their env names. Default: none, i.e. every default. */
  settings?: SettingSource;
  /** Which platform answers /api/v1 at the root for a request without credentials. Default zulip. */
  rootApiV1?: string;
  logLevel?: LogLevel;
  /** Where log lines go (default stdout), one JSON object a line. */
  logStream?: { write(line: string): void };
  /** `text`: readable lines (pino-pretty); `json` (default): one JSON object a line. */
  logFormat?: 'text' | 'json';
  /** Only these platforms (by name); default all. */
  platforms?: readonly string[];
  /** Entries the request journal holds before dropping the oldest. Default 10,000. */
  journalSize?: number;
  /** When set, /__mock (but health and ready) requires `Authorization: Bearer <token>`. */
  adminToken?: string;
  /** Largest request body in bytes (default 1 MiB); larger ones get the platform's "too large" error. */
  bodyLimit?: number;
  /** Largest request head in bytes (default 64 KiB); Node answers 431 beyond it, before any platform is known. */
  maxHeaderSize?: number;
  /** Open connections at most (default 10,000); the server refuses more at the TCP level. */
  maxConnections?: number;
  /** Tenants (`/t/<tenant>/...`) kept at most (default 64); past it the least recently used idle one is evicted. */
  maxTenants?: number;
}

/** What a tenant's app is built with, besides the default tenant's options. */
interface TenantAppOptions extends AppOptions {
  /** `/t/<tenant>`: the prefix the tenant's URLs (credentials, redirects) carry. */
  basePath: string;
  logger: FastifyBaseLogger;
}

export interface MockState {
  store: Store;
  clock: Clock;
  platforms: readonly Platform[];
  settingsOf(platform: Platform): unknown;
  seed: number;
  users: number;
  journal: Journal;
  faults: Faults;
  /** Each platform's rate limiter, by platform name. */
  rateLimiters: Map<string, SlidingWindowLimiter>;
  /** Every route served, for the 404 answer's nearest routes. */
  routes: Array<{ method: string; url: string }>;
  adminToken: string | undefined;
  /** '' for the default tenant, `/t/<tenant>` for another. */
  basePath: string;
  /** The other tenants; only the default tenant's app has them. */
  tenants: Tenants | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    mock: MockState;
  }
}

export { VERSION };

/** pino-pretty in this thread, so a line is on the terminal before the request's answer is. Loaded only for LOG_FORMAT=text. */
async function readableLogStream() {
  const { default: pinoPretty } = await import('pino-pretty');
  return pinoPretty({
    sync: true,
    colorize: process.stdout.isTTY === true,
    translateTime: 'SYS:HH:MM:ss.l',
    singleLine: true,
    messageFormat: '{msg}{if method} {method} {url} {statusCode} {ms} ms{end}',
    ignore: 'pid,hostname,reqId,method,url,statusCode,ms',
  });
}

/** Builds the whole mock as a ready Fastify instance, without listening. */
export async function buildApp(options: AppOptions = {}): Promise<FastifyInstance> {
  return build(options);
}

async function build(options: AppOptions | TenantAppOptions): Promise<FastifyInstance> {
  const tenant = 'basePath' in options ? options : undefined;
  const { platforms, settingsOf } = selectPlatforms(options.platforms, options.settings ?? {});

  const ownsStore = options.store === undefined;
  const store = options.store ?? new Store(options.dbPath ?? ':memory:');
  const clock = options.clock ?? new ControllableClock();
  const seed = options.seed ?? 42;
  const users = options.users ?? 50;

  const router = createPlatformRouter(platforms, options.rootApiV1 ?? 'zulip');
  const logLevel = options.logLevel ?? 'silent';
  const maxHeaderSize = options.maxHeaderSize ?? 64 * 1024;
  let app: FastifyInstance | undefined;
  const tenants = tenant
    ? undefined
    : new Tenants({
        max: options.maxTenants ?? 64,
        store,
        log: () => app!.log,
        countUsers: (tenantStore) => Object.fromEntries(platforms.map((platform) => [platform.name, platform.users.count(tenantStore)])),
        build: (name, tenantStore) =>
          build({ ...options, store: tenantStore, clock: undefined, basePath: `/t/${name}`, logger: app!.log.child({ tenant: name }) }),
      });
  const fastifyOptions: FastifyHttpOptions<Server> = {
    ...(tenant
      ? { loggerInstance: tenant.logger, http: { maxHeaderSize } }
      : {
          logger:
            logLevel === 'silent'
              ? false
              : { level: logLevel, ...(options.logStream ? { stream: options.logStream } : options.logFormat === 'text' ? { stream: await readableLogStream() } : {}) },
          serverFactory: tenantServerFactory(tenants!, maxHeaderSize),
        }),
    // One line per request, written by the onResponse hook below.
    logController: new LogController({ disableRequestLogging: true }),
    schemaController: { compilersFactory: lazyCompilersFactory },
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    rewriteUrl: (req) => router.rewrite(req.url ?? '/', req.headers),
    // Bad percent-encoding and the like, met before any route: answered in the addressed platform's shape.
    frameworkErrors: (error, request, reply) => {
      const platform = router.platformOf(request.url);
      const failureReply = reply as unknown as FastifyReply;
      if (platform) return platform.replyToCoreFailure({ kind: 'bad-request', message: error.message }, request as FastifyRequest, failureReply);
      return failureReply.code(400).send({ error: 'Bad Request', message: error.message, statusCode: 400 });
    },
  };
  app = Fastify(fastifyOptions);
  // Response serializers are compiled on first use, not at start-up: most of the ~120 routes' error and
  // success schemas are never serialized in a given run, and compiling them all cost most of buildApp.
  app.setSerializerCompiler(lazySerializerCompiler());
  app.server.maxConnections = options.maxConnections ?? 10_000;
  const journal = new Journal(options.journalSize ?? 10_000, clock);
  const faults = new Faults();
  const rateLimiters = new Map<string, SlidingWindowLimiter>();
  const routes: MockState['routes'] = [];
  app.decorate('mock', {
    store, clock, platforms, settingsOf, seed, users, journal, faults, rateLimiters, routes, adminToken: options.adminToken,
    basePath: tenant?.basePath ?? '', tenants,
  });
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url });
  });

  const stored = seededWith(store);
  if (!stored) {
    const { seedUnlessSeeded } = await import('./seeding/seed.js');
    seedUnlessSeeded(store, platforms, settingsOf, { seed, users });
  } else if (stored.seed !== seed || stored.users !== users) {
    app.log.warn(
      `the store was seeded with SEED=${stored.seed} USERS=${stored.users} and keeps that data, not SEED=${seed} USERS=${users} as given; ` +
        `to reseed, POST /__mock/reset {"seed":${seed},"users":${users}} or delete the database file`,
    );
  }

  registerTrafficHooks(app, router, journal, faults);
  drainUnreadBodies(app);

  // `/t/<name>/...` reaches the default tenant only when the name is not a tenant's: the addressed platform's 404.
  const platformOfTenantUrl = (request: FastifyRequest) => {
    const parts = splitTenantUrl(request.url);
    return parts && router.platformOf(router.rewrite(parts.rest, request.headers));
  };
  app.setNotFoundHandler((request, reply) => {
    const platform = router.platformOf(request.url) ?? platformOfTenantUrl(request);
    if (platform) {
      return platform.replyToCoreFailure({ kind: 'not-found', message: `${request.method} ${request.originalUrl} is not served` }, request, reply);
    }
    return reply.code(404).send({
      error: 'Not Found',
      message: `No platform serves ${request.method} ${request.originalUrl}`,
      statusCode: 404,
      nearestRoutes: nearestRoutes(routes, request.originalUrl, router.rootPathOf),
      platforms: platforms.map((candidate) => ({ name: candidate.name, prefix: `/${candidate.name}`, rootPaths: candidate.rootPrefixes })),
    });
  });
  // Reached for requests no platform route took (e.g. a bad JSON body sent to an unserved path).
  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply: FastifyReply) => {
    const statusCode = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    const platform = router.platformOf(request.url);
    if (platform && statusCode < 500) return platform.replyToCoreFailure({ kind: 'bad-request', message: error.message }, request, reply);
    if (statusCode >= 500) request.log.error({ err: error }, 'unhandled error');
    return reply.code(statusCode).send({ error: statusCode >= 500 ? 'Internal Server Error' : 'Bad Request', message: error.message, statusCode });
  });

  // A tenant's /docs would be the default tenant's again, for a few MB a tenant.
  if (!tenant) await registerDocs(app, documentsFor(platforms, settingsOf), VERSION);
  await app.register(controlPlugin, { prefix: '/__mock' });
  for (const platform of platforms) {
    const settings = settingsOf(platform);
    const rateLimiter = (rule: RateLimitRule) => {
      const limiter = new SlidingWindowLimiter(clock, rule);
      rateLimiters.set(platform.name, limiter);
      return limiter;
    };
    await app.register(async (scope) => platform.plugin(scope, { store, clock, settings, rateLimiter, journal, faults }), {
      prefix: `/${platform.name}`,
    });
  }

  app.addHook('onClose', async () => journal.release());
  if (tenants) app.addHook('onClose', async () => tenants.closeAll());
  if (ownsStore) app.addHook('onClose', async () => store.close());
  await app.ready();
  return app;
}
