import type { FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { BoundedMap } from '../../core/bounded-map.js';
import { ZulipError, unauthorized } from './errors.js';
import { INCOMING_WEBHOOK_BOT, type ZulipUser } from './models.js';
import type { ZulipRepository } from './repository.js';

/** Zulip takes requests whose Authorization scheme is Basic (used by the root dispatch). */
export function hasBasicCredential(headers: IncomingHttpHeaders): boolean {
  const value = headers.authorization;
  return typeof value === 'string' && /^\s*basic(\s|$)/i.test(value);
}

const API_KEY_FORMAT = /^[A-Za-z0-9]{32}$/;
const INVALID_HEADER = 'Invalid authorization header for basic auth';

/**
 * Python's base64.b64decode(validate=False): characters outside the alphabet are
 * discarded, then the padding must be right; anything else raises.
 */
function pythonBase64Decode(text: string): Buffer | undefined {
  const kept = text.replace(/[^A-Za-z0-9+/=]/g, '');
  const firstPad = kept.indexOf('=');
  const body = firstPad === -1 ? kept : kept.slice(0, firstPad);
  const padding = firstPad === -1 ? '' : kept.slice(firstPad);
  const remainder = body.length % 4;
  if (remainder === 1) return undefined;
  if (remainder !== 0 && padding.length < 4 - remainder) return undefined;
  return Buffer.from(body, 'base64');
}

/** Stateless between calls (no `stream` option), so one decoder serves every request. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8Strict(bytes: Buffer): string | undefined {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Python's str.split() with no argument: runs of whitespace, no empty parts. */
function splitWhitespace(value: string): string[] {
  return value.split(/\s+/).filter((part) => part !== '');
}

interface BasicCredentials {
  email: string;
  apiKey: string;
}

/** Headers that parsed, with what they hold: a client sends the same one on every call. Bounded. */
const parsedHeaders = new BoundedMap<string, BasicCredentials>(1024);

/** The header's email and well-formed API key, or the error Zulip gives for it. */
function parsedCredentials(header: string): BasicCredentials {
  const known = parsedHeaders.get(header);
  if (known) return known;
  const parts = splitWhitespace(header);
  if (parts.length !== 2) throw unauthorized(INVALID_HEADER);
  const [scheme, encoded] = parts;
  if (scheme.toLowerCase() !== 'basic') throw new ZulipError(400, 'This endpoint requires HTTP basic authentication.');

  const bytes = pythonBase64Decode(encoded);
  const decoded = bytes && decodeUtf8Strict(bytes);
  if (decoded === undefined) throw unauthorized(INVALID_HEADER);
  const pieces = decoded.split(':');
  if (pieces.length !== 2) throw unauthorized(INVALID_HEADER);
  const credentials = { email: pieces[0].trim(), apiKey: pieces[1].trim() };
  if (!API_KEY_FORMAT.test(credentials.apiKey)) throw unauthorized('Malformed API key');
  parsedHeaders.set(header, credentials);
  return credentials;
}

/**
 * The API-key path of zerver/decorator.py (get_basic_credentials, validate_api_key,
 * access_user_by_api_key, validate_account_and_subdomain), in its order; docs/platforms/zulip.md#authentication
 */
export function authenticate(request: FastifyRequest, users: ZulipRepository): ZulipUser {
  const header = request.headers.authorization;
  if (header === undefined) {
    if ((request.headers.accept ?? '').includes('text/html')) {
      throw new ZulipError(302, '', 'REDIRECT', {}, { location: `/login/?next=${encodeURIComponent(request.originalUrl)}` });
    }
    throw unauthorized('Not logged in: API authentication or user session required');
  }
  const { email, apiKey } = parsedCredentials(header);
  const user = users.byApiKey(apiKey);
  if (!user || user.email.toLowerCase() !== email.toLowerCase()) throw unauthorized('Invalid API key');
  // The realm is checked before the user, so its message wins when both are deactivated.
  if (users.realm().deactivated) throw unauthorized('This organization has been deactivated');
  if (!user.is_active) throw unauthorized('Account is deactivated');
  if (user.bot_type === INCOMING_WEBHOOK_BOT) throw unauthorized('This API is not available to incoming webhook bots.');
  return user;
}
