import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { FieldError } from '../core/platform.js';
import { FieldChecker } from '../core/validation.js';
import { pathMatcher } from './journal.js';

export type ConnectionFault = 'reset' | 'empty' | 'truncated';
/** nandbox: drop the socket, or hold the answer frame back for the latency. */
export type FrameFault = 'drop' | 'delay';

export interface FaultRuleInput {
  /** Default: every platform. */
  platform?: string;
  /** HTTP method, or "WS" for nandbox frames. Default: any. */
  method?: string;
  /** Glob on the platform's real path (no prefix, no query), e.g. `/v3/users/*`; for nandbox the frame's method, e.g. `getUser`. */
  path?: string;
  /** 0 to 1, default 1. */
  probability?: number;
  /** Seed of this rule's draws (probability and random latency), default 1: the same seed fires on the same calls. */
  seed?: number;
  /** Fire this many times, then retire. Default: until cleared. */
  count?: number;
  latency?: { ms: number } | { minMs: number; maxMs: number };
  /** An error in the addressed platform's own envelope; code/message default to the platform's usual ones. */
  error?: { status: number; code?: string | number; message?: string };
  connection?: ConnectionFault;
  frame?: FrameFault;
}

export interface FaultRule extends FaultRuleInput {
  id: string;
  /** How many times it has fired. */
  fired: number;
}

/** What applies to one request: the rules that fired this time, combined. */
export interface FaultDecision {
  delayMs: number;
  error?: FaultRuleInput['error'];
  connection?: ConnectionFault;
  frame?: FrameFault;
}

const FIELDS = ['platform', 'method', 'path', 'probability', 'seed', 'count', 'latency', 'error', 'connection', 'frame'];

export function validateFaultRule(body: unknown, platforms: readonly string[]): { rule?: FaultRuleInput; errors: FieldError[] } {
  const fields = FieldChecker.object(body);
  if (!fields) return { errors: [{ field: '(body)', message: 'must be a JSON object' }] };
  const check = new FieldChecker(fields, FIELDS, 'a fault')
    .oneOf('platform', platforms)
    .string('method', false, /^[A-Za-z]+$/, 'an HTTP method or WS')
    .string('path', false, /^.{1,500}$/, 'a path pattern')
    .custom('probability', (value) => typeof value === 'number' && value >= 0 && value <= 1, 'a number from 0 to 1')
    .integer('seed', false, 0, 2 ** 32 - 1)
    .integer('count', false, 1)
    .custom('latency', isLatency, '{"ms": n} or {"minMs": n, "maxMs": m} with 0 <= n <= m <= 60000')
    .custom('error', isError, '{"status": 400..599, "code"?: string|number, "message"?: string}')
    .oneOf('connection', ['reset', 'empty', 'truncated'])
    .oneOf('frame', ['drop', 'delay']);
  if (!['latency', 'error', 'connection', 'frame'].some((field) => fields[field] !== undefined)) {
    check.add('(body)', 'needs at least one of latency, error, connection, frame');
  }
  return check.errors.length > 0 ? { errors: check.errors } : { rule: fields as FaultRuleInput, errors: [] };
}

const MAX_DELAY_MS = 60_000;
function isLatency(value: unknown): boolean {
  const latency = FieldChecker.object(value) as Record<string, unknown> | undefined;
  if (!latency) return false;
  const within = (n: unknown) => typeof n === 'number' && n >= 0 && n <= MAX_DELAY_MS;
  if ('ms' in latency) return Object.keys(latency).length === 1 && within(latency.ms);
  return Object.keys(latency).length === 2 && within(latency.minMs) && within(latency.maxMs) && (latency.minMs as number) <= (latency.maxMs as number);
}

function isError(value: unknown): boolean {
  const error = FieldChecker.object(value) as Record<string, unknown> | undefined;
  return (
    error !== undefined &&
    Number.isInteger(error.status) &&
    (error.status as number) >= 400 &&
    (error.status as number) <= 599 &&
    ['undefined', 'string', 'number'].includes(typeof error.code) &&
    ['undefined', 'string'].includes(typeof error.message) &&
    Object.keys(error).every((key) => ['status', 'code', 'message'].includes(key))
  );
}

interface ActiveRule {
  rule: FaultRule;
  matchesPath: (path: string) => boolean;
  random: () => number;
}

/** The active fault rules; every request and nandbox frame asks `decide` once. */
export class Faults {
  private readonly active: ActiveRule[] = [];
  private nextId = 1;

  get isEmpty(): boolean {
    return this.active.length === 0;
  }

  add(input: FaultRuleInput): FaultRule {
    const rule: FaultRule = { ...input, id: `fault-${this.nextId++}`, fired: 0 };
    const generator = xoroshiro128plus(input.seed ?? 1);
    this.active.push({ rule, matchesPath: input.path ? pathMatcher(input.path) : () => true, random: () => uniformFloat64(generator) });
    return rule;
  }

  list(): FaultRule[] {
    return this.active.map(({ rule }) => rule);
  }

  remove(id: string): boolean {
    const index = this.active.findIndex(({ rule }) => rule.id === id);
    if (index === -1) return false;
    this.active.splice(index, 1);
    return true;
  }

  clear(): void {
    this.active.length = 0;
  }

  decide(platform: string, method: string, path: string): FaultDecision | undefined {
    if (this.active.length === 0) return undefined;
    let decision: FaultDecision | undefined;
    for (const active of [...this.active]) {
      const { rule } = active;
      if (rule.platform !== undefined && rule.platform !== platform) continue;
      if (rule.method !== undefined && rule.method.toUpperCase() !== method) continue;
      if (!active.matchesPath(path)) continue;
      if (rule.probability !== undefined && active.random() >= rule.probability) continue;
      rule.fired++;
      if (rule.count !== undefined && rule.fired >= rule.count) this.remove(rule.id);
      decision ??= { delayMs: 0 };
      if (rule.latency) {
        decision.delayMs +=
          'ms' in rule.latency ? rule.latency.ms : rule.latency.minMs + active.random() * (rule.latency.maxMs - rule.latency.minMs);
      }
      decision.error ??= rule.error;
      decision.connection ??= rule.connection;
      decision.frame ??= rule.frame;
    }
    return decision;
  }
}
