import type { FastifyReply, FastifyRequest } from 'fastify';
import { jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { hash, randomUUID, timingSafeEqual, webcrypto } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { BoundedMap } from '../../core/bounded-map.js';
import type { Clock } from '../../core/clock.js';
import { MESSAGES, OpenWebUIError } from './errors.js';
import type { OpenWebUIUser } from './models.js';
import type { OpenWebUIRepository } from './repository.js';
import type { OpenWebUISettings } from './settings.js';

/**
 * Open WebUI takes a request at the shared root /api/v1/users when it carries one of its
 * credentials: a Bearer header, a `token` cookie or an x-api-key header, and never Basic.
 * The scheme word decides: `Bearer` with an empty or missing token is Open WebUI's too.
 */
export function hasOpenWebUICredential(headers: IncomingHttpHeaders): boolean {
  const authorization = headers.authorization;
  if (typeof authorization === 'string' && /^\s*basic(\s|$)/i.test(authorization)) return false;
  if (typeof authorization === 'string' && /^\s*bearer(\s|$)/i.test(authorization)) return true;
  if (typeof headers.cookie === 'string' && /(^|;)\s*token=/.test(headers.cookie)) return true;
  return headers['x-api-key'] !== undefined;
}

/** The `token` cookie, as Starlette's request.cookies reads it (parsed by @fastify/cookie). */
function tokenFromCookie(request: FastifyRequest): string | undefined {
  return request.cookies.token;
}

/**
 * Salted SHA-256, `sha256$<salt>$<hex>`: the real server keeps bcrypt hashes, but bcrypt
 * is not installed and costs ~100 ms a sign-in; nothing on the wire shows the hash (README).
 */
export function hashPassword(password: string, salt: string): string {
  return `sha256$${salt}$${hash('sha256', `${salt}:${password}`)}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const [scheme, salt, expected] = stored.split('$');
  if (scheme !== 'sha256' || salt === undefined || expected === undefined) return false;
  const actual = Buffer.from(hashPassword(password, salt));
  const wanted = Buffer.from(stored);
  return actual.length === wanted.length && timingSafeEqual(actual, wanted);
}

/** bcrypt looks at the first 72 bytes only, so sign-in truncates longer passwords (routers/auths.py). */
export function truncateTo72Bytes(password: string): string {
  const bytes = Buffer.from(password, 'utf8');
  return bytes.length <= 72 ? password : new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes.subarray(0, 72)).replace(/\uFFFD+$/, '');
}

/** Verified tokens remembered (oldest dropped first). */
const VERIFIED_TOKENS = 1000;

/** jose's time checks with no clock tolerance: `nbf` must not be after now, `exp` must be after now (epoch seconds). */
function timeCheckPasses(claims: JWTPayload, nowMs: number): boolean {
  const now = Math.floor(nowMs / 1000);
  if (claims.nbf !== undefined && claims.nbf > now) return false;
  if (claims.exp !== undefined && claims.exp <= now) return false;
  return true;
}

export interface IssuedToken {
  token: string;
  /** Epoch seconds, or null when JWT_EXPIRES_IN is -1. */
  expiresAt: number | null;
}

/** HS256 JWTs as utils/auth.py create_token/decode_token make and read them (docs/platforms/openwebui.md#jwt), on the mock's clock. */
export class TokenService {
  private constructor(
    private readonly key: webcrypto.CryptoKey,
    private readonly clock: Clock,
    private readonly lifetimeSeconds: number | null,
    private readonly issuedAt: boolean,
  ) {}

  /** `issuedAt`: tokens carry `iat` (Open WebUI 0.9+). */
  static async create(secret: string, clock: Clock, lifetimeSeconds: number | null, issuedAt = false): Promise<TokenService> {
    const key = await webcrypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    return new TokenService(key, clock, lifetimeSeconds, issuedAt);
  }

  /** `{"id", "exp"?, "jti", "iat"?}` in PyJWT's key order (0.8.x has no `iat`); `withExpiry: false` as 0.8's POST /auths/add. */
  async issue(userId: string, withExpiry = true): Promise<IssuedToken> {
    const now = Math.floor(this.clock.now() / 1000);
    const expiresAt = withExpiry && this.lifetimeSeconds !== null ? now + this.lifetimeSeconds : null;
    const payload: JWTPayload = expiresAt === null ? { id: userId, jti: randomUUID() } : { id: userId, exp: expiresAt, jti: randomUUID() };
    if (this.issuedAt) payload.iat = now;
    return { token: await this.sign(payload), expiresAt };
  }

  sign(payload: JWTPayload): Promise<string> {
    return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(this.key);
  }

  /**
   * Tokens whose signature and claims already passed, with their claims. What jwtVerify checks
   * depends only on the token and the key, except `nbf`/`exp` against the clock: those are
   * checked again on every use (timeCheckPasses), so an entry never outlives its token.
   */
  private readonly verified = new BoundedMap<string, JWTPayload>(VERIFIED_TOKENS);

  /**
   * The claims, or undefined for anything PyJWT would refuse (bad signature, expired, other alg, garbage).
   * Synchronous for a token verified before (every use but the first); a promise otherwise.
   */
  decode(token: string): JWTPayload | undefined | Promise<JWTPayload | undefined> {
    const known = this.verified.get(token);
    if (known !== undefined) return timeCheckPasses(known, this.clock.now()) ? known : undefined;
    return this.verify(token);
  }

  private async verify(token: string): Promise<JWTPayload | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], currentDate: new Date(this.clock.now()) });
      const claims = Object.freeze({ ...payload });
      this.verified.set(token, claims);
      return claims;
    } catch {
      return undefined;
    }
  }
}

export interface Caller {
  user: OpenWebUIUser;
  /** The credential as sent (GET /auths/ echoes it). */
  token: string;
  /** Decoded JWT claims; undefined for an `sk-` key. */
  claims?: JWTPayload;
}

declare module 'fastify' {
  interface FastifyRequest {
    openWebUICaller?: Caller;
  }
}

/** fastapi.security.HTTPBearer(auto_error=False): anything but "Bearer <credentials>" counts as no header. */
function bearerCredential(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const space = header.indexOf(' ');
  if (space <= 0) return undefined;
  const credentials = header.slice(space + 1);
  if (credentials === '' || header.slice(0, space).toLowerCase() !== 'bearer') return undefined;
  return credentials;
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Starlette's delete_cookie: an emptied cookie that expires now. */
export function deletedTokenCookie(nowMs: number): string {
  return `token=""; expires=${new Date(nowMs).toUTCString()}; Max-Age=0; Path=/; SameSite=lax`;
}

/** response.set_cookie("token", ..., httponly=True, samesite="lax"), attributes in SimpleCookie's order. */
export function tokenCookie(token: string, expiresAt: number | null): string {
  const expires = expiresAt === null ? '' : `expires=${new Date(expiresAt * 1000).toUTCString()}; `;
  return `token=${token}; ${expires}HttpOnly; Path=/; SameSite=lax`;
}

export class Authenticator {
  constructor(
    private readonly users: OpenWebUIRepository,
    private readonly tokens: TokenService,
    private readonly settings: OpenWebUISettings,
    private readonly clock: Clock,
  ) {}

  /**
   * utils/auth.py get_current_user, in its order (docs/platforms/openwebui.md#where-the-credential-comes-from). Synchronous unless a JWT
   * is seen for the first time (its signature check is async).
   */
  authenticate(request: FastifyRequest, reply: FastifyReply): Caller | Promise<Caller> {
    const token =
      bearerCredential(request.headers.authorization) ??
      tokenFromCookie(request) ??
      (firstHeader(request.headers['x-api-key']) || undefined);
    if (token === undefined) throw new OpenWebUIError(401, MESSAGES.NOT_AUTHENTICATED);

    if (token.startsWith('sk-')) {
      const user = this.users.byApiKey(token);
      if (!user) throw new OpenWebUIError(401, MESSAGES.INVALID_TOKEN);
      if (!this.settings.enableApiKeys || (user.role !== 'admin' && !this.settings.userApiKeys)) {
        throw new OpenWebUIError(403, MESSAGES.API_KEY_NOT_ALLOWED);
      }
      // The API-key path records activity before the handler runs.
      this.touch(user.id);
      return { user: this.users.byId(user.id) ?? user, token };
    }

    const claims = this.tokens.decode(token);
    return claims instanceof Promise
      ? claims.then((verified) => this.jwtCaller(request, reply, token, verified))
      : this.jwtCaller(request, reply, token, claims);
  }

  private jwtCaller(request: FastifyRequest, reply: FastifyReply, token: string, claims: JWTPayload | undefined): Caller {
    if (!claims || !Object.hasOwn(claims, 'id')) throw this.jwtFailure(request, reply, MESSAGES.UNAUTHORIZED);
    const user = typeof claims.id === 'string' ? this.users.byId(claims.id) : undefined;
    if (!user) throw this.jwtFailure(request, reply, MESSAGES.INVALID_TOKEN);
    // 0.8.x records JWT activity in a background task, after the response (docs/platforms/openwebui.md#last-activity).
    request.openWebUITouch = user.id;
    return { user, token, claims };
  }

  /** A failed JWT also clears the `token` cookie when the request carried one. */
  private jwtFailure(request: FastifyRequest, reply: FastifyReply, detail: string): OpenWebUIError {
    if (tokenFromCookie(request)) reply.header('set-cookie', deletedTokenCookie(this.clock.now()));
    return new OpenWebUIError(401, detail);
  }

  /** last_active_at = now (epoch seconds); skipped when it already says so, to spare a write. */
  touch(userId: string): void {
    const now = Math.floor(this.clock.now() / 1000);
    const user = this.users.byId(userId);
    if (user && user.last_active_at !== now) this.users.touch(user, now);
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** A user whose last_active_at is written once the response is sent. */
    openWebUITouch?: string;
  }
}

/** get_verified_user / get_admin_user: a wrong role is 401 ACCESS_PROHIBITED, never 403 (docs/platforms/openwebui.md#roles). */
export function requireRole(caller: Caller, roles: readonly string[]): void {
  if (!roles.includes(caller.user.role)) throw new OpenWebUIError(401, MESSAGES.ACCESS_PROHIBITED);
}
