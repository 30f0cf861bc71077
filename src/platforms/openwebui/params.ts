import { jsonInvalid, unprocessable, type ValidationIssue } from './errors.js';

/**
 * What the content-type parser leaves on request.body. FastAPI only reads the body of
 * routes that declare one, so the verdict is kept and acted on by those routes alone.
 */
export type ParsedBody =
  | { kind: 'json'; value: unknown }
  | { kind: 'invalid'; text: string; cause: unknown }
  /** A body whose content type is not JSON: FastAPI hands the bytes to the model as they are. */
  | { kind: 'raw'; text: string };

/**
 * fastapi/routing.py get_request_body: JSON when the content type is absent,
 * application/json or application/*+json; anything else stays raw.
 */
export function parseBody(contentType: string | undefined, text: string): ParsedBody | undefined {
  if (text === '') return undefined;
  const [type = ''] = (contentType ?? '').split(';');
  const [main, subtype = ''] = type.trim().toLowerCase().split('/');
  const json = contentType === undefined || contentType.trim() === '' || (main === 'application' && (subtype === 'json' || subtype.endsWith('+json')));
  if (!json) return { kind: 'raw', text };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    return { kind: 'invalid', text, cause };
  }
  // Python's decoder gives up on deep nesting (RecursionError); so does JSON.stringify when echoing it back.
  if (nestedDeeperThan(value, MAX_DEPTH)) return { kind: 'invalid', text, cause: new RangeError(TOO_DEEP) };
  return { kind: 'json', value };
}

const MAX_DEPTH = 500;
export const TOO_DEEP = 'maximum recursion depth exceeded while decoding a JSON document';

function nestedDeeperThan(root: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[root, 0]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      if (typeof child === 'object' && child !== null) pending.push([child, depth + 1]);
    }
  }
  return false;
}

/** Syntactically invalid JSON is a 422 before authentication (docs/platforms/openwebui.md#invalid-json). */
export function rejectInvalidJson(body: ParsedBody | undefined): void {
  if (body?.kind === 'invalid') throw jsonInvalid(body.text, body.cause);
}

export interface FieldRule {
  name: string;
  /** Required `str` (missing → "Field required"); otherwise `Optional[str]` with this default. */
  required: boolean;
  fallback?: string | null;
  /** A pydantic field_validator: returns the ValueError text, or undefined when the value passes. */
  check?: (value: string) => string | undefined;
}

/**
 * Validates a body against a pydantic model of string fields, the way FastAPI reports it:
 * every failing field at once, in declaration order (docs/platforms/openwebui.md#validation-errors).
 */
export function validateForm<T extends Record<string, string | null>>(body: ParsedBody | undefined, rules: readonly FieldRule[]): T {
  if (body === undefined || (body.kind === 'json' && body.value === null)) {
    throw unprocessable([{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }]);
  }
  const input = body.kind === 'json' ? body.value : body.kind === 'raw' ? body.text : undefined;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw unprocessable([
      { type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input },
    ]);
  }
  const fields = input as Record<string, unknown>;
  const issues: ValidationIssue[] = [];
  const values: Record<string, string | null> = {};
  for (const rule of rules) {
    const present = Object.hasOwn(fields, rule.name);
    const value = present ? fields[rule.name] : undefined;
    if (!present) {
      if (rule.required) issues.push({ type: 'missing', loc: ['body', rule.name], msg: 'Field required', input: fields });
      else values[rule.name] = rule.fallback ?? null;
      continue;
    }
    if (value === null && !rule.required) {
      values[rule.name] = null;
      continue;
    }
    if (typeof value !== 'string') {
      issues.push({ type: 'string_type', loc: ['body', rule.name], msg: 'Input should be a valid string', input: value });
      continue;
    }
    const problem = rule.check?.(value);
    if (problem !== undefined) {
      issues.push({ type: 'value_error', loc: ['body', rule.name], msg: `Value error, ${problem}`, input: value, ctx: { error: {} } });
      continue;
    }
    values[rule.name] = value;
  }
  if (issues.length > 0) throw unprocessable(issues);
  return values as T;
}

type Query = Record<string, string | string[] | undefined>;

/** Starlette's QueryParams.get: the last value of a repeated parameter. */
export function lastValue(query: Query, name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[value.length - 1] : value;
}

/** pydantic's lax str → int: blanks around, a sign, digits, optionally a zero fraction ("2.0"). */
const INTEGER_TEXT = /^\s*([+-]?\d+)(\.0*)?\s*$/;

/** An optional `int` query parameter; 422 int_parsing otherwise (docs/platforms/openwebui.md#validation-errors). */
export function queryInteger(query: Query, name: string, fallback: number): number {
  const raw = lastValue(query, name);
  if (raw === undefined) return fallback;
  const match = INTEGER_TEXT.exec(raw);
  if (!match) {
    throw unprocessable([
      { type: 'int_parsing', loc: ['query', name], msg: 'Input should be a valid integer, unable to parse string as an integer', input: raw },
    ]);
  }
  return Number(match[1]);
}

/** open_webui.utils.misc.validate_email_format. */
export function isValidEmail(email: string): boolean {
  return email.endsWith('@localhost') || /^[^@]+@[^@]+\.[^@]+/.test(email);
}

const SAFE_DATA_URI = /^data:image\/(png|jpeg|gif|webp);base64,/i;

/** The profile_image_url field_validator of the 0.8 forms (open_webui/utils/validate.py). */
export function profileImageProblem(url: string): string | undefined {
  if (url === '' || (url.startsWith('/') && !url.startsWith('//'))) return undefined;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') {
    const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(url)?.[1] ?? '';
    const host = authority.replace(/^.*@/, '').replace(/:[^\]]*$/, '');
    return host === '' ? 'Invalid profile image URL: HTTP(S) URLs must include a host.' : undefined;
  }
  if (SAFE_DATA_URI.test(url)) return undefined;
  return 'Invalid profile image URL: must be a relative path, an HTTP(S) URL with a host, or a data:image URI (png/jpeg/gif/webp).';
}

/** bcrypt takes at most 72 bytes (utils/auth.py validate_password). */
export function passwordTooLong(password: string): boolean {
  return Buffer.byteLength(password, 'utf8') > 72;
}
