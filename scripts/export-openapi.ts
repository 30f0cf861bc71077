/** npm run openapi: regenerates openapi/<name>.json from the route schemas (the single source). */
import { writeFileSync } from 'node:fs';
import { buildApp } from '../src/app.js';
import { exportDocuments } from '../src/core/openapi-export.js';

const app = await buildApp({ users: 0 });
for (const [name, text] of await exportDocuments(app)) {
  writeFileSync(new URL(`../openapi/${name}.json`, import.meta.url), text);
  process.stdout.write(`openapi/${name}.json\n`);
}
await app.close();
