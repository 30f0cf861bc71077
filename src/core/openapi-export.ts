import type { FastifyInstance } from 'fastify';
import { documentsFor } from './docs.js';

/** Every OpenAPI document the running app serves, by name, as the text written to openapi/<name>.json. */
export async function exportDocuments(app: FastifyInstance): Promise<Map<string, string>> {
  const documents = new Map<string, string>();
  for (const doc of documentsFor(app.mock.platforms, app.mock.settingsOf)) {
    const response = await app.inject({ url: `/docs/openapi/${doc.name}.json` });
    documents.set(doc.name, `${JSON.stringify(response.json(), null, 2)}\n`);
  }
  return documents;
}
