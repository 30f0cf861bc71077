/**
 * `npm start`: builds with `tsc --build` only when a source is newer than the last build, then runs the
 * built server in this process. Loading TypeScript just to learn that nothing changed took a third of a
 * second of every start.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const BUILD_INFO = join(root, 'dist', '.tsbuildinfo');
const INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'].map((name) => join(root, name));

function modifiedMs(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/** The newest change under `path`: a folder's own time counts too, so a deleted or renamed file is a change. */
function newestChangeMs(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestChangeMs(join(path, entry)));
  return newest;
}

const builtMs = modifiedMs(BUILD_INFO);
if (builtMs === undefined || modifiedMs(join(root, 'dist', 'server.js')) === undefined || INPUTS.some((input) => newestChangeMs(input) > builtMs)) {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const build = spawnSync(process.execPath, [tsc, '--build', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
await import('../dist/server.js');
