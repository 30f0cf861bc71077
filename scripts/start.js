/**
 * `npm start`: builds (scripts/build.js) only when a source is newer than the last build, then runs the
 * built server in this process. Loading TypeScript just to learn that nothing changed took a third of a
 * second of every start.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const BUILD_INFO = join(root, 'dist', '.tsbuildinfo');
/** Written last by every build (tsc writes the build info only when the library changed). */
const BUNDLE = join(root, 'dist', 'server.js');
const INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'scripts/build.js'].map((name) => join(root, name));

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

const builtMs = modifiedMs(BUNDLE);
if (builtMs === undefined || modifiedMs(BUILD_INFO) === undefined || INPUTS.some((input) => newestChangeMs(input) > builtMs)) {
  const { build } = await import('./build.js');
  const status = await build();
  if (status !== 0) process.exit(status);
}
await import('../dist/server.js');
