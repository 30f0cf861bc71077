import type { FieldError } from './platform.js';

/**
 * A small field checker for control-API bodies: every platform's `users.put`
 * lists each wrong field at once instead of stopping at the first.
 */
export class FieldChecker {
  readonly errors: FieldError[] = [];

  /** `subject` names what the body is, for unknown fields: "is not a field of <subject>". */
  constructor(
    private readonly body: Record<string, unknown>,
    private readonly known: readonly string[],
    subject: string,
  ) {
    for (const field of Object.keys(body)) {
      if (!known.includes(field)) this.errors.push({ field, message: `is not a field of ${subject}` });
    }
  }

  static object(body: unknown): Record<string, unknown> | undefined {
    return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  }

  private check(field: string, required: boolean, test: (value: unknown) => boolean, expected: string): void {
    const value = this.body[field];
    if (value === undefined) {
      if (required) this.errors.push({ field, message: 'is required' });
      return;
    }
    if (!test(value)) this.errors.push({ field, message: `must be ${expected}` });
  }

  string(field: string, required = false, pattern?: RegExp, expected = 'a string'): this {
    this.check(field, required, (value) => typeof value === 'string' && (!pattern || pattern.test(value)), expected);
    return this;
  }

  nullableString(field: string): this {
    this.check(field, false, (value) => value === null || typeof value === 'string', 'a string or null');
    return this;
  }

  integer(field: string, required = false, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): this {
    this.check(field, required, (value) => Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max, `an integer from ${min} to ${max}`);
    return this;
  }

  nullableInteger(field: string): this {
    this.check(field, false, (value) => value === null || Number.isSafeInteger(value), 'an integer or null');
    return this;
  }

  boolean(field: string, required = false): this {
    this.check(field, required, (value) => typeof value === 'boolean', 'true or false');
    return this;
  }

  oneOf(field: string, choices: readonly unknown[], required = false): this {
    this.check(field, required, (value) => choices.includes(value), `one of ${choices.map((choice) => JSON.stringify(choice)).join(', ')}`);
    return this;
  }

  custom(field: string, test: (value: unknown) => boolean, expected: string, required = false): this {
    this.check(field, required, test, expected);
    return this;
  }

  add(field: string, message: string): this {
    this.errors.push({ field, message });
    return this;
  }
}
