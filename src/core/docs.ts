import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import type { OpenAPIV3 } from 'openapi-types';
import type { Platform } from './platform.js';

export const CONTROL_DOCUMENT = { name: 'mock', title: 'chat-user-mock control API', prefix: '/__mock' };

export interface DocumentDescription {
  name: string;
  title: string;
  description: string;
  /** Routes whose URL starts with this prefix belong to the document. */
  prefix: string;
  /** Strip the prefix from paths and offer both the root and the prefix as servers. */
  stripPrefix: boolean;
  securitySchemes?: Record<string, OpenAPIV3.SecuritySchemeObject>;
}

export function documentsFor(platforms: readonly Platform[], settingsOf: (platform: Platform) => unknown): DocumentDescription[] {
  return [
    ...platforms.map((platform) => ({
      name: platform.name,
      title: platform.version ? `${platform.title} ${platform.version(settingsOf(platform))}` : platform.title,
      description: platform.description,
      prefix: `/${platform.name}`,
      stripPrefix: true,
      securitySchemes: platform.securitySchemes,
    })),
    {
      name: CONTROL_DOCUMENT.name,
      title: CONTROL_DOCUMENT.title,
      description: 'Seed, reset, inspect and steer the mock. Not part of any platform.',
      prefix: CONTROL_DOCUMENT.prefix,
      stripPrefix: false,
      securitySchemes: { adminToken: { type: 'http', scheme: 'bearer', description: 'MOCK_ADMIN_TOKEN, when it is set' } },
    },
  ];
}

/** One OpenAPI document per platform, cut from the document @fastify/swagger builds from the route schemas. */
export function buildDocument(full: OpenAPIV3.Document, doc: DocumentDescription, version: string): OpenAPIV3.Document {
  const paths: OpenAPIV3.PathsObject = {};
  for (const [path, item] of Object.entries(full.paths ?? {})) {
    if (path !== doc.prefix && !path.startsWith(`${doc.prefix}/`)) continue;
    paths[doc.stripPrefix ? path.slice(doc.prefix.length) || '/' : path] = item;
  }
  const servers: OpenAPIV3.ServerObject[] = doc.stripPrefix
    ? [
        { url: '/', description: 'real paths at the root' },
        { url: doc.prefix, description: `under the /${doc.name} prefix` },
      ]
    : [{ url: '/' }];
  const components = doc.securitySchemes ? { securitySchemes: doc.securitySchemes } : undefined;
  return {
    openapi: full.openapi,
    info: { title: doc.title, description: doc.description, version },
    servers,
    paths,
    ...(components ? { components } : {}),
  };
}

/** Registers @fastify/swagger, the per-document JSON routes, and Swagger UI at /docs with a document switcher. */
export async function registerDocs(app: FastifyInstance, documents: readonly DocumentDescription[], version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'chat-user-mock', version },
      components: { securitySchemes: Object.assign({}, ...documents.map((doc) => doc.securitySchemes ?? {})) },
    },
  });
  const cache = new Map<string, OpenAPIV3.Document>();
  app.get('/docs/openapi/:name', { schema: { hide: true } }, async (request, reply) => {
    const name = (request.params as { name: string }).name.replace(/\.json$/, '');
    const doc = documents.find((candidate) => candidate.name === name);
    if (!doc) return reply.code(404).send({ error: 'Not Found', message: `no OpenAPI document named ${name}` });
    let built = cache.get(name);
    if (!built) {
      built = buildDocument(app.swagger() as OpenAPIV3.Document, doc, version);
      cache.set(name, built);
    }
    return built;
  });
  // Swagger UI (with @fastify/static and its files) is loaded on the first visit to /docs, in an
  // instance of its own, instead of at every start: about 70 ms of a cold start.
  let ui: Promise<FastifyInstance> | undefined;
  const forward = async (request: FastifyRequest, reply: FastifyReply) => {
    const server = await (ui ??= swaggerUiServer(app, documents));
    reply.hijack();
    server.routing(request.raw, reply.raw);
  };
  app.get('/docs', { schema: { hide: true } }, forward);
  app.get('/docs/*', { schema: { hide: true } }, forward);
}

/** @fastify/swagger-ui at /docs over the main app's document, with a switcher between the per-platform documents. */
async function swaggerUiServer(app: FastifyInstance, documents: readonly DocumentDescription[]): Promise<FastifyInstance> {
  const { default: swaggerUi } = await import('@fastify/swagger-ui');
  const server = Fastify();
  // Swagger UI needs @fastify/swagger's `swagger()` on its instance: the main app's, under that plugin's name.
  await server.register(
    fastifyPlugin(
      async (instance) => {
        instance.decorate('swagger', app.swagger.bind(app));
      },
      { name: '@fastify/swagger' },
    ),
  );
  await server.register(swaggerUi, {
    routePrefix: '/docs',
    // Swagger UI's own `urls` option gives the document switcher; it takes precedence over `url`.
    uiConfig: {
      urls: documents.map((doc) => ({ name: doc.title, url: `/docs/openapi/${doc.name}.json` })),
      'urls.primaryName': documents[0]?.title,
      docExpansion: 'list',
    } as Record<string, unknown>,
  });
  await server.ready();
  return server;
}
