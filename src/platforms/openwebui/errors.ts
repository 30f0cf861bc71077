import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { baseUrlOf } from '../../core/base-url.js';

/** backend/open_webui/constants.py ERROR_MESSAGES (docs/platforms/openwebui.md#errors); unchanged from 0.6 to 0.11. */
export const MESSAGES = {
  NOT_AUTHENTICATED: 'Not authenticated',
  UNAUTHORIZED: '401 Unauthorized',
  INVALID_TOKEN: 'Your session has expired or the token is invalid. Please sign in again.',
  ACCESS_PROHIBITED: 'You do not have permission to access this resource. Please contact your administrator for assistance.',
  ACTION_PROHIBITED: 'The requested action has been restricted as a security measure.',
  USER_NOT_FOUND: "We could not find what you're looking for :/",
  INVALID_CRED: 'The email or password provided is incorrect. Please check for typos and try logging in again.',
  EMAIL_TAKEN: 'Uh-oh! This email is already registered. Sign in with your existing account or choose another email to start anew.',
  INVALID_EMAIL_FORMAT:
    "The email format you entered is invalid. Please double-check and make sure you're using a valid email address (e.g., yourname@example.com).",
  PASSWORD_TOO_LONG: 'Uh-oh! The password you entered is too long. Please make sure your password is less than 72 bytes long.',
  API_KEY_NOT_ALLOWED: 'Use of API key is not enabled in the environment.',
  API_KEY_NOT_FOUND:
    "Oops! It looks like there's a hiccup. The API key is missing. Please make sure to provide a valid API key to access this feature.",
  RATE_LIMIT_EXCEEDED: 'API rate limit exceeded',
  DEFAULT: 'Something went wrong :/',
} as const;

/** One entry of FastAPI's 422 `detail` list (pydantic's error, without `url`; docs/platforms/openwebui.md#validation-errors). */
export interface ValidationIssue {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

/** An HTTPException: FastAPI answers `{"detail": ...}` with the status, and nothing else. */
export class OpenWebUIError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string | ValidationIssue[],
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof detail === 'string' ? detail : 'validation error');
  }
}

export const unprocessable = (issues: ValidationIssue[]) => new OpenWebUIError(422, issues);

export function sendOpenWebUIError(reply: FastifyReply, error: OpenWebUIError): FastifyReply {
  return reply.code(error.status).headers(error.headers).send({ detail: error.detail });
}

/**
 * Errors Fastify raises before the handlers (body size, a parser's own errors) in FastAPI's
 * shape. The real server has no body limit; the mock answers 413 past its own (README).
 */
export function openWebUIErrorHandler(error: FastifyError | OpenWebUIError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof OpenWebUIError) return sendOpenWebUIError(reply, error);
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendOpenWebUIError(reply, new OpenWebUIError(413, 'Request Entity Too Large'));
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  if (status === 500) {
    request.log.error({ err: error }, 'openwebui handler failed');
    // Starlette's ServerErrorMiddleware answers a bare text body.
    return reply.code(500).type('text/plain; charset=utf-8').send('Internal Server Error');
  }
  return sendOpenWebUIError(reply, new OpenWebUIError(status, 'Bad Request'));
}

/** V8's JSON.parse complaints mapped to the json.JSONDecodeError message Python 3.11 gives for the same text. */
const PYTHON_JSON_MESSAGES: [RegExp, string][] = [
  [/after property name/i, "Expecting ':' delimiter"],
  [/property name/i, 'Expecting property name enclosed in double quotes'],
  [/after (property value|array element)/i, "Expecting ',' delimiter"],
  [/non-whitespace character after JSON/i, 'Extra data'],
  [/Unterminated string/i, 'Unterminated string starting at'],
  [/Bad control character/i, 'Invalid control character at'],
  [/Bad (escaped character|Unicode escape)/i, 'Invalid \\escape'],
];

function parseError(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Whether V8 stopped because the text ran out (so a longer prefix might still be valid). */
function failsAtEnd(reason: string, length: number): boolean {
  if (/Unexpected end/i.test(reason)) return true;
  const position = /at position (\d+)/.exec(reason);
  return position !== null && Number(position[1]) >= length;
}

/** V8 names no position for "Unexpected token": the shortest prefix failing before its end ends there. */
function unexpectedTokenPosition(text: string): number {
  let low = 1;
  let high = text.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    const reason = parseError(text.slice(0, middle));
    if (reason !== undefined && !failsAtEnd(reason, middle)) high = middle;
    else low = middle + 1;
  }
  return low - 1;
}

/** A misspelt literal (`nope`, `tru`) is reported where the word starts. */
function startOfWord(text: string, at: number): number {
  const letter = /[A-Za-z]/;
  if (at < text.length && !letter.test(text[at])) return at;
  let start = at;
  while (start > 0 && letter.test(text[start - 1])) start--;
  return start;
}

/** Python reports an unterminated string at its opening quote. */
function openingQuoteOfLastString(text: string): number {
  let opening = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
      opening = i;
    }
  }
  return opening;
}

/** 422 `json_invalid` for a body that is not JSON (fastapi/routing.py; docs/platforms/openwebui.md#invalid-json). */
export function jsonInvalid(text: string, cause: unknown): OpenWebUIError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  if (cause instanceof RangeError) {
    return unprocessable([{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {}, ctx: { error: reason } }]);
  }
  const message = PYTHON_JSON_MESSAGES.find(([pattern]) => pattern.test(reason))?.[1] ?? 'Expecting value';
  const stated = /at position (\d+)/.exec(reason);
  let at: number;
  if (message === 'Unterminated string starting at') at = openingQuoteOfLastString(text);
  else if (message === 'Invalid \\escape' && stated) at = Number(stated[1]) - 1;
  else if (stated) at = Number(stated[1]);
  else at = startOfWord(text, /Unexpected end/i.test(reason) || text.trim() === '' ? text.length : unexpectedTokenPosition(text));
  return unprocessable([{ type: 'json_invalid', loc: ['body', at], msg: 'JSON decode error', input: {}, ctx: { error: message } }]);
}

const PREFIX = '/openwebui';

/**
 * The mock's routes in the order Starlette matches them (users.py declares GET /{user_id}
 * before DELETE /{user_id}), for the 405 and trailing-slash answers the router gives.
 */
const ROUTES: { pattern: RegExp; method: string }[] = [
  { pattern: /^\/api\/v1\/auths\/$/, method: 'GET' },
  { pattern: /^\/api\/v1\/auths\/signin$/, method: 'POST' },
  { pattern: /^\/api\/v1\/auths\/signup$/, method: 'POST' },
  { pattern: /^\/api\/v1\/auths\/add$/, method: 'POST' },
  { pattern: /^\/api\/v1\/auths\/api_key$/, method: 'GET' },
  { pattern: /^\/api\/v1\/users\/$/, method: 'GET' },
  { pattern: /^\/api\/v1\/users\/all$/, method: 'GET' },
  { pattern: /^\/api\/v1\/users\/search$/, method: 'GET' },
  { pattern: /^\/api\/v1\/users\/[^/]+$/, method: 'GET' },
  { pattern: /^\/api\/v1\/users\/[^/]+\/info$/, method: 'GET' },
  { pattern: /^\/api\/v1\/users\/[^/]+\/active$/, method: 'GET' },
  { pattern: /^\/api\/v1\/users\/[^/]+\/update$/, method: 'POST' },
  { pattern: /^\/api\/users\/[^/]+$/, method: 'GET' },
];

export function detail(reply: FastifyReply, status: number, message: string, headers: Record<string, string> = {}): FastifyReply {
  return reply.code(status).headers({ ...headers, 'content-type': 'application/json' }).send(JSON.stringify({ detail: message }));
}

/**
 * Starlette's router: a path served with another method is 405 naming the first matching
 * route's method; a path that only differs by a trailing slash is a 307 to the other form.
 */
export function routerFailure(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const rewritten = request.url.split('?')[0];
  const path = rewritten.startsWith(`${PREFIX}/`) ? rewritten.slice(PREFIX.length) : rewritten;
  const partial = ROUTES.find(({ pattern }) => pattern.test(path));
  if (partial) return detail(reply, 405, 'Method Not Allowed', { allow: partial.method });
  const toggled = path.endsWith('/') ? path.slice(0, -1) : `${path}/`;
  if (ROUTES.some(({ pattern }) => pattern.test(toggled))) {
    const [originalPath, ...query] = request.originalUrl.split('?');
    const target = originalPath.endsWith('/') ? originalPath.slice(0, -1) : `${originalPath}/`;
    const search = query.length > 0 ? `?${query.join('?')}` : '';
    return reply.code(307).header('location', `${baseUrlOf(request)}${target}${search}`).send();
  }
  return detail(reply, 404, 'Not Found');
}

