import { MESSAGES } from './errors.js';

/** One inbound frame: the parsed object and the text it came from. */
export interface InboundFrame {
  readonly fields: Readonly<Record<string, unknown>>;
  readonly text: string;
}

export type ParsedFrame = { ok: true; frame: InboundFrame; method: string } | { ok: false; error: string; reference?: string | number };

/** Parses one text frame: a JSON object with a string `method` (docs/platforms/nandbox.md#frames: parse, never compare strings). */
export function parseFrame(text: string): ParsedFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: MESSAGES.notJson };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: MESSAGES.notObject };
  const fields = value as Record<string, unknown>;
  if (typeof fields.method !== 'string') return { ok: false, error: MESSAGES.noMethod, reference: readReference(fields) };
  return { ok: true, frame: { fields, text }, method: fields.method };
}

/** `reference` is echoed as the client sent it, string or number (docs/platforms/nandbox.md#frames); other types are not echoed. */
export function readReference(fields: Readonly<Record<string, unknown>>): string | number | undefined {
  const reference = fields.reference;
  return typeof reference === 'string' || (typeof reference === 'number' && Number.isFinite(reference)) ? reference : undefined;
}

export type IdField = { ok: true; id: string | undefined } | { ok: false; error: string };

const NUMERIC_FIELD = new Map<string, RegExp>();

/**
 * A Long id field (user_id, app_id): a string, or a JSON integer as some SDK users send it.
 * Integers beyond 2^53 lose digits in JSON.parse, so those digits are read back from the frame text.
 */
export function readId(frame: InboundFrame, name: string): IdField {
  const value = frame.fields[name];
  if (value === undefined || value === null) return { ok: true, id: undefined };
  if (typeof value === 'string') return { ok: true, id: value };
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) {
    if (Number.isSafeInteger(value)) return { ok: true, id: String(value) };
    let pattern = NUMERIC_FIELD.get(name);
    if (!pattern) NUMERIC_FIELD.set(name, (pattern = new RegExp(`"${name}"\\s*:\\s*([0-9]+)\\s*[,}]`)));
    const digits = pattern.exec(frame.text)?.[1];
    if (digits !== undefined) return { ok: true, id: digits };
  }
  return { ok: false, error: MESSAGES.invalidField(name, 'must be a string id') };
}
