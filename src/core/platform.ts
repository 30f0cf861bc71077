import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import type { OpenAPIV3 } from 'openapi-types';
import type { Clock } from './clock.js';
import type { RateLimitRule, SlidingWindowLimiter } from './rate-limit.js';
import type { Faults } from '../control/faults.js';
import type { Journal } from '../control/journal.js';
import type { Settings } from './settings.js';
import type { Store } from '../store/store.js';
import type { SeedContext } from '../seeding/context.js';

/** What every platform plugin gets from the core. */
export interface PlatformContext<TSettings = unknown> {
  store: Store;
  clock: Clock;
  settings: TSettings;
  /** The platform's rate limiter, registered so the control API can switch it at runtime. */
  rateLimiter(rule: RateLimitRule): SlidingWindowLimiter;
  /** For traffic that is not an HTTP request (nandbox frames): record it and ask for faults. */
  journal: Journal;
  faults: Faults;
}

/** One wrong field of a user body sent to the control API. */
export interface FieldError {
  field: string;
  message: string;
}

export type PutUserResult = { ok: true; id: string; created: boolean; user: unknown } | { ok: false; errors: FieldError[] };

/**
 * Users in the platform's native wire shape, for /__mock/platforms/<name>/users
 * (create, read, update, delete, validated against the platform's own schema).
 */
export interface PlatformUsers<TSettings = unknown> {
  count(store: Store): number;
  list(store: Store, page: { offset: number; limit: number }): unknown[];
  get(store: Store, id: string): unknown | undefined;
  /**
   * Creates (id undefined: the platform picks one) or replaces a user; a rejected body changes nothing.
   * The body may be the stored shape or exactly what the platform's GET returned for the user (derived
   * fields must then agree, src/core/derived-fields.ts). `now` (ms, from the mock's clock) dates users
   * created without their own timestamps; `settings` are the platform's (default passwords and the like).
   */
  put(store: Store, id: string | undefined, body: unknown, now: number, settings: TSettings): PutUserResult;
  delete(store: Store, id: string): boolean;
}

/** An error the core met before the platform's own handlers ran (bad URL, unmatched route). */
export interface CoreFailure {
  kind: 'not-found' | 'bad-request';
  message: string;
}

/**
 * One chat platform. Everything platform-specific lives in its folder under
 * src/platforms/<name>/ and reaches the core only through this description.
 */
export interface Platform<TSettings = unknown> {
  /** Also the URL prefix (`/zulip/...`) and the OpenAPI document name. */
  name: string;
  title: string;
  /** What the platform's own OpenAPI document says about itself. */
  description: string;
  /**
   * Path prefixes the platform owns at the server root (its real paths). When two
   * platforms own the same prefix, `claimsRequest` decides from the credential,
   * and a request neither claims goes to the configured default (ROOT_API_V1).
   */
  rootPrefixes: readonly string[];
  /** OpenAPI security schemes the routes' `security` entries name. */
  securitySchemes?: Record<string, OpenAPIV3.SecuritySchemeObject>;
  claimsRequest?(headers: IncomingHttpHeaders): boolean;
  /** Reads the platform's own settings (credentials, switches); throws SettingError. */
  readSettings(settings: Settings): TSettings;
  /** The env settings that change the well-known credentials (the banner hides those that were set). */
  credentialSettings: readonly string[];
  /** The release emulated (e.g. "0.11.0"), for platforms whose servers ship versions; in /__mock/credentials and Swagger titles. */
  version?(settings: TSettings): string;
  /** The well-known credentials, as returned by GET /__mock/credentials. */
  credentials(settings: TSettings, baseUrl: string): Record<string, string>;
  /** Writes the platform's seeded users: doc fixtures first, then generated people. */
  seed(context: SeedContext, settings: TSettings): void;
  /** Routes, auth and error handlers, registered under the `/<name>` prefix. */
  plugin(app: FastifyInstance, context: PlatformContext<TSettings>): Promise<void>;
  /** Users in native shape for the control API. */
  users: PlatformUsers<TSettings>;
  /**
   * Sends an error in the platform's own envelope with this status (a configured fault,
   * a rate limit); `code`/`message` override the platform's usual ones for that status.
   */
  sendError(reply: FastifyReply, error: { status: number; code?: string | number; message?: string }): FastifyReply;
  /** Answers a failure the core met for a request addressed to this platform. */
  replyToCoreFailure(failure: CoreFailure, request: FastifyRequest, reply: FastifyReply): FastifyReply;
}

/** Lets each platform module be declared with its settings type inferred. */
export function definePlatform<TSettings>(platform: Platform<TSettings>): Platform<TSettings> {
  return platform;
}
