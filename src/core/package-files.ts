import { existsSync, readFileSync } from 'node:fs';

/**
 * Files of the package itself (package.json, seeds/, the seeding child's entry), by their path
 * from the package's root. The root is the nearest folder above this module that holds a
 * package.json: the same answer from src/ (tsx), from dist/, and from the bundled CLI, whose
 * code all runs under dist/server.js (scripts/bundle.mjs).
 */
const PACKAGE_ROOT: URL = findPackageRoot(new URL('./', import.meta.url));

/** The package's version, from its package.json. */
export const VERSION: string = (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }).version;

/** How this module is running: `.ts` from source (tsx), `.js` when built. */
const SOURCE = import.meta.url.endsWith('.ts');

export function packageFile(path: string): URL {
  return new URL(path, PACKAGE_ROOT);
}

/** A module of this package, by its path under src/ without extension: the source file or its built twin. */
export function packageModule(path: string): URL {
  return packageFile(SOURCE ? `src/${path}.ts` : `dist/${path}.js`);
}

function findPackageRoot(folder: URL): URL {
  for (let at = folder; ; at = new URL('../', at)) {
    if (existsSync(new URL('package.json', at))) return at;
    if (at.pathname === '/') throw new Error(`no package.json above ${folder.href}`);
  }
}
