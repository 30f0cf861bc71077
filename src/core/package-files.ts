/** The package's root: this module is src/core/ (tsx) or dist/core/ (built) below it. */
const PACKAGE_ROOT = new URL('../../', import.meta.url);

/** A file of the package itself (package.json, seeds/), by its path from the package's root. */
export function packageFile(path: string): URL {
  return new URL(path, PACKAGE_ROOT);
}
