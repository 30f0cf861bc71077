/**
 * A consumer installs the package from a git URL (npm clones it, installs its dependencies, runs `prepare`,
 * which builds dist/, and packs it), then imports it and starts the mock. Slow (two dependency installs and
 * a build): npm takes packages from its cache where it can, and better-sqlite3 takes its native addon from a
 * local prebuild made of this checkout's (prebuild-install's own local-prebuilds folder) instead of compiling
 * SQLite twice.
 */
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

t.test('installed from a git URL, the package is built and `import { startMockServer }` works', async (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'chat-user-mock-git-install-'));
  t.teardown(() => rmSync(folder, { recursive: true, force: true }));

  const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  const addon = join(root, 'node_modules/better-sqlite3');
  const { version } = JSON.parse(readFileSync(join(addon, 'package.json'), 'utf8')) as { version: string };
  const prebuilds = join(folder, 'prebuilds');
  mkdirSync(prebuilds);
  const prebuild = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  execFileSync('tar', ['-czf', join(prebuilds, prebuild), '-C', addon, 'build/Release/better_sqlite3.node']);

  const consumer = join(folder, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', `git+file://${root}#${commit}`], {
    cwd: consumer,
    env: { ...process.env, npm_config_better_sqlite3_local_prebuilds: prebuilds },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const installed = join(consumer, 'node_modules/chat-user-mock');
  t.ok(existsSync(join(installed, 'dist/index.js')), 'prepare built dist/ in the clone, and it was packed');
  t.notOk(existsSync(join(installed, 'src')), 'only the files the package lists');

  writeFileSync(
    join(consumer, 'check.mjs'),
    `import { startMockServer } from 'chat-user-mock';
const mock = await startMockServer({ users: 2 });
const ready = await fetch(mock.url + '/__mock/ready');
console.log(JSON.stringify({ status: ready.status, body: await ready.json(), zulip: Object.keys(mock.credentials.zulip).length > 0 }));
await mock.close();
`,
  );
  const output = execFileSync(process.execPath, ['check.mjs'], { cwd: consumer, encoding: 'utf8' });
  t.same(JSON.parse(output), { status: 200, body: { status: 'ready', seed: 42, users: 2 }, zulip: true });
});
