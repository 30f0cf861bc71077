/**
 * Reading settings from the environment and the command line.
 *
 * Every setting has one name, e.g. PORT; the CLI flag is the same name in
 * kebab case (`--port 9000`, `--root-api-v1=openwebui`). Flags win over env.
 * A bad value throws SettingError, which the CLI turns into one line and exit 2.
 */

export class SettingError extends Error {
  constructor(
    readonly setting: string,
    readonly value: string,
    readonly accepts: string,
  ) {
    super(`invalid ${setting}=${JSON.stringify(value)}: ${setting} accepts ${accepts}`);
    this.name = 'SettingError';
  }
}

export type SettingSource = Readonly<Record<string, string | undefined>>;

/** Merges process-style env with `--kebab-case value` / `--kebab-case=value` flags. */
export function settingSource(env: SettingSource, argv: readonly string[] = []): SettingSource {
  const merged: Record<string, string | undefined> = { ...env };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new SettingError('arguments', arg, 'flags of the form --name value or --name=value');
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i++;
      if (value === undefined) throw new SettingError(flag, '', 'a value after the flag');
    }
    merged[flag.toUpperCase().replace(/-/g, '_')] = value;
  }
  return merged;
}

/** A setting as an accessor read it: its name, the default it fell back to and what it accepts. */
export interface SettingRead {
  name: string;
  fallback: string;
  accepts: string;
}

/** Typed accessors over a SettingSource; each throws SettingError naming the setting. */
export class Settings {
  /** `onRead` hears every setting read, so `--help` lists them from the code that reads them. */
  constructor(
    private readonly source: SettingSource,
    private readonly onRead?: (read: SettingRead) => void,
  ) {}

  has(name: string): boolean {
    this.onRead?.({ name, fallback: 'none', accepts: 'text' });
    const value = this.source[name];
    return value !== undefined && value !== '';
  }

  string(name: string, fallback: string): string {
    this.onRead?.({ name, fallback, accepts: 'text' });
    const value = this.source[name];
    return value === undefined || value === '' ? fallback : value;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    this.onRead?.({ name, fallback: String(fallback), accepts: `an integer from ${min} to ${max}` });
    const raw = this.source[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new SettingError(name, raw, `an integer from ${min} to ${max}`);
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    this.onRead?.({ name, fallback: String(fallback), accepts: 'true or false' });
    const raw = this.source[name];
    if (raw === undefined || raw === '') return fallback;
    const lower = raw.toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(lower)) return true;
    if (['false', '0', 'no', 'off'].includes(lower)) return false;
    throw new SettingError(name, raw, 'true or false');
  }

  oneOf<T extends string>(name: string, fallback: T, choices: readonly T[]): T {
    this.onRead?.({ name, fallback, accepts: `one of ${choices.join(', ')}` });
    const raw = this.source[name];
    if (raw === undefined || raw === '') return fallback;
    if (!(choices as readonly string[]).includes(raw)) throw new SettingError(name, raw, `one of ${choices.join(', ')}`);
    return raw as T;
  }

  /** Comma-separated list, empty entries dropped. */
  list(name: string): string[] {
    this.onRead?.({ name, fallback: 'none', accepts: 'a comma-separated list' });
    const raw = this.source[name];
    if (!raw) return [];
    return raw
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
  }

  /** A value that must match a pattern (e.g. a 32-character API key). */
  matching(name: string, fallback: string, pattern: RegExp, accepts: string): string {
    this.onRead?.({ name, fallback, accepts });
    const raw = this.source[name];
    if (raw === undefined || raw === '') return fallback;
    if (!pattern.test(raw)) throw new SettingError(name, raw, accepts);
    return raw;
  }
}
