/**
 * `npm run build` (and `prepare`): tsc --build writes the library (dist/, from src/ but the CLI), then
 * esbuild bundles the CLI, src/server.ts, into dist/server.js. Loading one file instead of ~470 modules
 * takes a third off a cold start (docs/performance.md#kept-mechanisms).
 *
 * The bundle is read from src/ and never from dist/, and written to a file of its own then renamed over
 * dist/server.js: two builds at once (two `npm start` after a change) each write a whole bundle.
 */
import { spawnSync } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function build() {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const compiled = spawnSync(process.execPath, [tsc, '--build', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (compiled.status !== 0) return compiled.status ?? 1;

  const esbuild = await import('esbuild');
  const outfile = join(root, 'dist', 'server.js');
  const { outputFiles } = await esbuild.build({
    entryPoints: [join(root, 'src', 'server.ts')],
    outfile,
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // A native addon, a package that serves files next to its own code, and the OpenAPI generator with
    // yaml (a tenth of the bundle, needed only for /docs). The rest that the CLI imports only on demand
    // (faker to seed, pino-pretty) is bundled but runs only when imported.
    external: ['better-sqlite3', '@fastify/swagger-ui', '@fastify/swagger'],
    // The bundled CommonJS dependencies call require() for Node's built-ins and the externals.
    banner: { js: "import { createRequire as createBundleRequire } from 'node:module'; const require = createBundleRequire(import.meta.url);" },
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  for (const file of outputFiles) {
    const partial = `${file.path}.${process.pid}.partial`;
    writeFileSync(partial, file.contents, { mode: 0o755 });
    renameSync(partial, file.path);
  }
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = await build();
