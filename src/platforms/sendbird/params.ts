import { CODE, SendbirdError, invalidValue } from './errors.js';

type Query = Record<string, string | string[] | undefined>;
export type InvalidValues = 'reject' | 'ignore';

/*
 * Messages of the 4001xx codes: no public source shows Sendbird's own text, so the
 * mock names the field in the style of the observed `"User" not found.` (README).
 */
export const typeError = (code: number, name: string, type: string) => new SendbirdError(code, `"${name}" should be ${type}.`);
export const missing = (name: string) => new SendbirdError(CODE.MISSING_REQUIRED, `"${name}" is required.`);
export const tooLong = (name: string, code: number = CODE.LENGTH_EXCEEDED) =>
  new SendbirdError(code, `The length of "${name}" exceeds the limit.`);

/** A repeated query parameter: the last value wins. */
function lastValue(query: Query, name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[value.length - 1] : value;
}

/** `true`/`false` as the SDKs send them (docs/platforms/sendbird.md#path-and-query-encoding); anything else 400104, or the default when lenient. */
export function booleanParam(query: Query, name: string, fallback: boolean, mode: InvalidValues): boolean {
  const raw = lastValue(query, name);
  if (raw === undefined || raw === '') return fallback;
  const lower = raw.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (mode === 'ignore') return fallback;
  throw typeError(CODE.UNEXPECTED_BOOLEAN, name, 'a boolean');
}

/** An enum such as super_mode or active_mode: an unknown value is 400111 (docs/platforms/sendbird.md#error-codes, GUESS), or the default when lenient. */
export function enumParam<T extends string>(query: Query, name: string, choices: readonly T[], fallback: T, mode: InvalidValues): T {
  const raw = lastValue(query, name);
  if (raw === undefined || raw === '') return fallback;
  if ((choices as readonly string[]).includes(raw)) return raw as T;
  if (mode === 'ignore') return fallback;
  throw invalidValue(name);
}

/** `limit`: an integer from 1 to 100, default 10 (docs/platforms/sendbird.md#list-users); otherwise 400111, or clamped when lenient. */
export function limitParam(query: Query, mode: InvalidValues): number {
  const raw = lastValue(query, 'limit');
  if (raw === undefined || raw === '') return 10;
  const value = /^[0-9]{1,10}$/.test(raw) ? Number(raw) : Number.NaN;
  if (value >= 1 && value <= 100) return value;
  if (mode === 'ignore') return Number.isNaN(value) ? 10 : Math.min(100, Math.max(1, value));
  throw invalidValue('limit');
}

export function stringParam(query: Query, name: string): string | undefined {
  const raw = lastValue(query, name);
  return raw === '' ? undefined : raw;
}

function decodeItem(item: string): string {
  try {
    return decodeURIComponent(item);
  } catch {
    return item;
  }
}

/**
 * A comma-separated list (custom_types, user_ids, metadatavalues_in): the query value is
 * decoded once by the parser, split on commas, and each item decoded again, since the
 * docs ask clients to url-encode each item (docs/platforms/sendbird.md#path-and-query-encoding).
 */
export function listParam(query: Query, name: string): string[] | undefined {
  const raw = lastValue(query, name);
  if (raw === undefined || raw === '') return undefined;
  return raw.split(',').map(decodeItem);
}

/** Typed reads of a JSON body, each throwing the code Sendbird documents for the wrong type. */
export class BodyReader {
  constructor(private readonly body: Record<string, unknown>) {}

  static of(body: unknown): BodyReader {
    if (body === undefined || body === null) return new BodyReader({});
    if (typeof body !== 'object' || Array.isArray(body)) {
      throw new SendbirdError(CODE.INVALID_JSON_BODY, 'The request body is an invalid JSON.');
    }
    return new BodyReader(body as Record<string, unknown>);
  }

  private value(name: string): unknown {
    return Object.hasOwn(this.body, name) ? this.body[name] : undefined;
  }

  string(name: string, required: boolean, maxLength: number, lengthCode: number = CODE.LENGTH_EXCEEDED): string | undefined {
    const value = this.value(name);
    if (value === undefined || value === null) {
      if (required) throw missing(name);
      return undefined;
    }
    if (typeof value !== 'string') throw typeError(CODE.UNEXPECTED_STRING, name, 'a string');
    if (value.length > maxLength) throw tooLong(name, lengthCode);
    return value;
  }

  boolean(name: string): boolean | undefined {
    const value = this.value(name);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') throw typeError(CODE.UNEXPECTED_BOOLEAN, name, 'a boolean');
    return value;
  }

  number(name: string): number | undefined {
    const value = this.value(name);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw typeError(CODE.UNEXPECTED_NUMBER, name, 'a number');
    return value;
  }

  stringList(name: string, maxItems = Number.POSITIVE_INFINITY): string[] | undefined {
    const value = this.value(name);
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) throw typeError(CODE.UNEXPECTED_LIST, name, 'a list');
    if (!value.every((item) => typeof item === 'string')) throw typeError(CODE.UNEXPECTED_STRING, `${name}[]`, 'a string');
    if (value.length > maxItems) throw invalidValue(name);
    return value as string[];
  }

  /**
   * `metadata`: a JSON object of at most 5 string values, keys without commas up to 128
   * characters, values up to 190 (docs/platforms/sendbird.md#create-a-user). Copied into own properties only.
   */
  metadata(name: string, limits: { items: number; key: number; value: number }): Record<string, string> | undefined {
    const value = this.value(name);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) throw typeError(CODE.UNEXPECTED_JSON, name, 'a JSON object');
    const entries = Object.entries(value);
    if (entries.length > limits.items) throw invalidValue(name);
    for (const [key, item] of entries) {
      if (key === '' || key.includes(',') || key.length > limits.key) throw invalidValue(name);
      if (typeof item !== 'string') throw typeError(CODE.UNEXPECTED_STRING, `${name}.${key}`, 'a string');
      if (item.length > limits.value) throw tooLong(`${name}.${key}`);
    }
    return Object.fromEntries(entries) as Record<string, string>;
  }
}
