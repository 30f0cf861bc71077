/**
 * Bundles the CLI (dist/server.js), the seeding child (dist/seeding/seeder.js) and its platform
 * thread (dist/seeding/platform-worker.js) in place, after tsc: one file each instead of ~400 modules
 * to resolve and load, which halves the time from spawn to the first answer (README, Performance).
 * The rest of dist/ stays as tsc wrote it for the library entry (dist/index.js).
 *
 * Left outside the bundles: better-sqlite3 (a native addon), @fastify/swagger-ui (serves files
 * next to its own code, loaded on the first /docs visit) and faker (loaded only to seed).
 */
import { build } from 'esbuild';

const entries = ['dist/server.js', 'dist/seeding/seeder.js', 'dist/seeding/platform-worker.js'];

for (const entry of entries) {
  await build({
    entryPoints: [entry],
    outfile: entry,
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3', '@fastify/swagger-ui', '@faker-js/faker'],
    // The bundled CommonJS dependencies call require() for Node's built-ins and the externals.
    banner: { js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);" },
    // Maps back through tsc's own maps to src/ (for --enable-source-maps).
    sourcemap: true,
    logLevel: 'warning',
  });
}
