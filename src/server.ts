#!/usr/bin/env node
/**
 * The CLI: reads the configuration (env, or the same names as --flags), opens the
 * store, listens, and on SIGINT/SIGTERM stops accepting, lets in-flight requests
 * finish and closes the database.
 */
import { existsSync } from 'node:fs';
import { VERSION } from './core/package-files.js';
import { readServerConfig, type ServerConfig } from './core/config.js';
import { SettingError, type SettingSource, settingSource } from './core/settings.js';
import { seedFileInChildProcess, seedOpenFile } from './seeding/background.js';
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
    // The seeding child and the loading of the app's modules are about half of a first start each: they run on separate cores.
    const [{ buildApp }, seeded] = await Promise.all([import('./app.js'), openSeededStore(config, source)]);
    store = seeded;
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

/**
 * The store, seeded. A database file is seeded by a short-lived child process. One that does not
 * exist yet is built whole under another name, in bulk-load mode, renamed into place and then
 * opened; an existing one that was never seeded is seeded in place. In-memory stores are seeded by
 * buildApp, in this process.
 */
async function openSeededStore(config: ServerConfig, source: SettingSource): Promise<Store> {
  const request = { settings: source, options: { seed: config.seed, users: config.users } };
  if (!Store.isInMemory(config.dbPath) && !existsSync(config.dbPath)) {
    await seedFileInChildProcess(config.dbPath, { ...request, newFile: true });
    return new Store(config.dbPath);
  }
  const store = new Store(config.dbPath);
  if (store.inMemory || seededWith(store)) return store;
  try {
    await seedOpenFile(store, request);
  } catch (error) {
    store.close();
    throw error;
  }
  return store;
}

main().catch((error: unknown) => {
  process.stderr.write(`chat-user-mock: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
