import { ZulipError } from './errors.js';

type Query = Record<string, string | string[] | undefined>;

/** Django's QueryDict: when a parameter repeats, the last value wins (docs/platforms/zulip.md#parameters). */
function lastValue(query: Query, name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[value.length - 1] : value;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * `Json[bool]` of @typed_endpoint (Zulip 10+ wording, docs/platforms/zulip.md#boolean-parameters): only the JSON
 * literals true/false; "yes" or "" is "not valid JSON", 1 or "true" is "not a boolean".
 */
export function jsonBoolean(query: Query, name: string, fallback: boolean): boolean {
  const raw = lastValue(query, name);
  if (raw === undefined) return fallback;
  const parsed = parseJson(raw);
  if (!parsed.ok) throw new ZulipError(400, `${name} is not valid JSON`);
  if (typeof parsed.value !== 'boolean') throw new ZulipError(400, `${name} is not a boolean`);
  return parsed.value;
}

/** `Json[list[int]]`, e.g. `user_ids=[1,2,3]` (Zulip 11, feature level 384). */
export function jsonIntegerList(query: Query, name: string): number[] | undefined {
  const raw = lastValue(query, name);
  if (raw === undefined) return undefined;
  const parsed = parseJson(raw);
  if (!parsed.ok) throw new ZulipError(400, `${name} is not valid JSON`);
  if (!Array.isArray(parsed.value)) throw new ZulipError(400, `${name} is not a list`);
  parsed.value.forEach((item, index) => {
    if (!Number.isSafeInteger(item)) throw new ZulipError(400, `${name}[${index}] is not an integer`);
  });
  return parsed.value as number[];
}

/** `client` is consumed silently by every endpoint and never reported (docs/platforms/zulip.md#unknown-parameters). */
const ALWAYS_CONSUMED = new Set(['client']);

/** Sorted names of parameters the endpoint did not use (docs/platforms/zulip.md#unknown-parameters "Unknown query parameters"). */
export function ignoredParameters(query: Query, consumed: readonly string[]): string[] {
  return Object.keys(query)
    .filter((name) => !consumed.includes(name) && !ALWAYS_CONSUMED.has(name))
    .sort();
}
