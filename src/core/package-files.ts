import { readFileSync } from 'node:fs';

/** The package's root: this module is src/core/ (tsx) or dist/core/ (built) below it. */
const PACKAGE_ROOT = new URL('../../', import.meta.url);

/** The package's version, from its package.json. */
export const VERSION: string = (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }).version;

/** A file of the package itself (package.json, seeds/), by its path from the package's root. */
export function packageFile(path: string): URL {
  return new URL(path, PACKAGE_ROOT);
}
