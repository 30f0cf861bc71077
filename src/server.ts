#!/usr/bin/env node
/**
 * The CLI: reads the configuration (env, or the same names as --flags), opens the
 * store (seeding it when it is new), listens, and on SIGINT/SIGTERM stops accepting,
 * lets in-flight requests finish and closes the database.
 */
import { VERSION } from './core/package-files.js';
import { readServerConfig, type ServerConfig } from './core/config.js';
import { SettingError, settingSource } from './core/settings.js';
import type { Platform } from './core/platform.js';
import { seededWith } from './seeding/state.js';
import { Store } from './store/store.js';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    const { usage } = await import('./usage.js');
    process.stdout.write(usage(VERSION));
    return;
  }
  if (args.includes('--version')) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  let source;
  let config;
  try {
    source = settingSource(process.env, args);
    config = readServerConfig(source);
  } catch (error) {
    if (error instanceof SettingError) {
      process.stderr.write(`chat-user-mock: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }

  let store: Store | undefined;
  let app;
  try {
    const { buildApp } = await import('./app.js');
    const { selectPlatforms } = await import('./platforms/index.js');
    // Bad platform settings stop the start here, before a database file is created.
    const { platforms, settingsOf } = selectPlatforms(undefined, source);
    store = new Store(config.dbPath);
    await seedIfNew(store, config, platforms, settingsOf);
    app = await buildApp({
      store,
      seed: config.seed,
      users: config.users,
      settings: source,
      rootApiV1: config.rootApiV1,
      logLevel: config.logLevel,
      logFormat: config.logFormat,
      journalSize: config.journalSize,
      adminToken: config.adminToken,
      bodyLimit: config.bodyLimit,
      maxHeaderSize: config.headerLimit,
      maxConnections: config.maxConnections,
      maxTenants: config.maxTenants,
    });
  } catch (error) {
    store?.close();
    if (error instanceof SettingError) {
      process.stderr.write(`chat-user-mock: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // A second signal, or a close that hangs, must not keep the process alive.
    const force = setTimeout(() => process.exit(1), 8000);
    force.unref();
    try {
      await app.close();
    } finally {
      store?.close();
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const address = await app.listen({ port: config.port, host: config.host });
  const { startupBanner } = await import('./core/banner.js');
  const banner = startupBanner(app, address, source);
  // In a container every stdout line is JSON (LOG_FORMAT=json); on a terminal the banner is for a person.
  if (config.logFormat === 'json') {
    app.log.warn({ address, host: config.host, port: config.port, credentials: banner.credentials }, 'chat-user-mock ready: public test credentials, never expose this mock to the internet');
  }
  else process.stdout.write(banner.text);
}

/** Seeds a store that was never seeded, with a progress line on stderr when that takes more than a second. */
async function seedIfNew(store: Store, config: ServerConfig, platforms: readonly Platform[], settingsOf: (platform: Platform) => unknown): Promise<void> {
  if (seededWith(store)) return;
  const { seedUnlessSeeded } = await import('./seeding/seed.js');
  const { terminalProgress } = await import('./seeding/progress.js');
  const label = `chat-user-mock: seeding ${config.users.toLocaleString('en-US')} users per platform (SEED ${config.seed})`;
  seedUnlessSeeded(store, platforms, settingsOf, { seed: config.seed, users: config.users }, terminalProgress(process.stderr, label));
}

main().catch((error: unknown) => {
  process.stderr.write(`chat-user-mock: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
