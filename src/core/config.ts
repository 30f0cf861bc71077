import { type SettingRead, Settings, type SettingSource } from './settings.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The server-wide settings; each platform reads its own from the same source. */
export interface ServerConfig {
  port: number;
  host: string;
  dbPath: string;
  seed: number;
  users: number;
  logLevel: LogLevel;
  /** Which platform answers /api/v1/... at the root when the request carries no credential. */
  rootApiV1: string;
  journalSize: number;
  /** text: a readable banner on stdout; json: only JSON log lines (containers). */
  logFormat: 'text' | 'json';
  bodyLimit: number;
  headerLimit: number;
  maxConnections: number;
  /** Tenants (`/t/<tenant>`) kept at once. */
  maxTenants: number;
  /** Protects /__mock (but health and ready) when set. */
  adminToken: string | undefined;
}

export const DEFAULT_DB_PATH = './data/chat-user-mock.sqlite';

export function readServerConfig(source: SettingSource, onRead?: (read: SettingRead) => void): ServerConfig {
  const settings = new Settings(source, onRead);
  return {
    port: settings.integer('PORT', 8080, 0, 65535),
    host: settings.string('HOST', '127.0.0.1'),
    dbPath: settings.string('DB_PATH', DEFAULT_DB_PATH),
    seed: settings.integer('SEED', 42, 0, 2 ** 31 - 1),
    users: settings.integer('USERS', 50, 0, 10_000_000),
    logLevel: settings.oneOf('LOG_LEVEL', 'info', LOG_LEVELS),
    rootApiV1: settings.oneOf('ROOT_API_V1', 'zulip', ['zulip', 'openwebui']),
    journalSize: settings.integer('JOURNAL_SIZE', 10_000, 0, 1_000_000),
    logFormat: settings.oneOf('LOG_FORMAT', 'text', ['text', 'json']),
    bodyLimit: settings.integer('BODY_LIMIT', 1024 * 1024, 1024, 1024 * 1024 * 1024),
    headerLimit: settings.integer('HEADER_LIMIT', 64 * 1024, 8 * 1024, 1024 * 1024),
    maxConnections: settings.integer('MAX_CONNECTIONS', 10_000, 1, 1_000_000),
    maxTenants: settings.integer('MAX_TENANTS', 64, 1, 10_000),
    adminToken: settings.has('MOCK_ADMIN_TOKEN') ? settings.string('MOCK_ADMIN_TOKEN', '') : undefined,
  };
}
