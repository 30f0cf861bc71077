import { existsSync, readFileSync } from 'node:fs';

/**
 * The package's root: the nearest folder above this module with a package.json. This module runs from
 * src/core/ (tsx), dist/core/ (the library) or inside the bundled CLI, dist/server.js.
 */
const PACKAGE_ROOT = findPackageRoot(new URL('./', import.meta.url));

/** The package's version, from its package.json. */
export const VERSION: string = (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }).version;

/** A file of the package itself (package.json, seeds/), by its path from the package's root. */
export function packageFile(path: string): URL {
  return new URL(path, PACKAGE_ROOT);
}

function findPackageRoot(folder: URL): URL {
  for (let at = folder; ; at = new URL('../', at)) {
    if (existsSync(new URL('package.json', at))) return at;
    if (at.pathname === '/') throw new Error(`no package.json above ${folder.href}`);
  }
}
