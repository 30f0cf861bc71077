import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type RouteOptions } from 'fastify';
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
  /** Strip the prefix from paths and offer the prefix as the default server. */
  stripPrefix: boolean;
  /** Also offer the root as a server: the platform serves its real paths there too. */
  servedAtRoot: boolean;
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
      servedAtRoot: platform.rootPrefixes.length > 0,
      securitySchemes: platform.securitySchemes,
    })),
    {
      name: CONTROL_DOCUMENT.name,
      title: CONTROL_DOCUMENT.title,
      description: 'Seed, reset, inspect and steer the mock. Not part of any platform.',
      prefix: CONTROL_DOCUMENT.prefix,
      stripPrefix: false,
      servedAtRoot: true,
      securitySchemes: { adminToken: { type: 'http', scheme: 'bearer', description: 'MOCK_ADMIN_TOKEN, when it is set (unset, the control API needs no credential)' } },
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
  // The prefix comes first: it serves every operation. At the root, a platform without root paths
  // (nandbox) serves none, and where two platforms share a path (/api/v1/users) the credential decides,
  // so a request without one (Open WebUI's sign-in, or before Authorize) could reach the other platform.
  const servers: OpenAPIV3.ServerObject[] = doc.stripPrefix
    ? [
        { url: doc.prefix, description: `under the /${doc.name} prefix: every operation` },
        ...(doc.servedAtRoot ? [{ url: '/', description: 'real paths at the root' }] : []),
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

/**
 * The per-document JSON routes and Swagger UI at /docs with a document switcher. @fastify/swagger (with
 * yaml and a JSON Schema resolver, ~95 modules) is loaded on the first request for a document, not at
 * every start: the routes are kept as they are registered and given to it then (openApiOf).
 */
export async function registerDocs(app: FastifyInstance, documents: readonly DocumentDescription[], version: string): Promise<void> {
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  let full: Promise<OpenAPIV3.Document> | undefined;
  const fullDocument = () => (full ??= openApiOf(routes, documents, version));
  const cache = new Map<string, OpenAPIV3.Document>();
  app.get('/docs/openapi/:name', { schema: { hide: true } }, async (request, reply) => {
    const name = (request.params as { name: string }).name.replace(/\.json$/, '');
    const doc = documents.find((candidate) => candidate.name === name);
    if (!doc) return reply.code(404).send({ error: 'Not Found', message: `no OpenAPI document named ${name}` });
    let built = cache.get(name);
    if (!built) {
      built = buildDocument(await fullDocument(), doc, version);
      cache.set(name, built);
    }
    return built;
  });
  // Swagger UI (with @fastify/static and its files) is loaded on the first visit to /docs, in an
  // instance of its own, instead of at every start: about 70 ms of a cold start.
  let ui: Promise<FastifyInstance> | undefined;
  const forward = async (request: FastifyRequest, reply: FastifyReply) => {
    const server = await (ui ??= swaggerUiServer(fullDocument, documents));
    reply.hijack();
    server.routing(request.raw, reply.raw);
  };
  app.get('/docs', { schema: { hide: true } }, forward);
  app.get('/docs/*', { schema: { hide: true } }, forward);
}

/**
 * The whole OpenAPI document of the routes, as @fastify/swagger makes it: registered on an instance of
 * its own, which is given the same routes (method, URL, schema, config) with handlers that never run.
 */
async function openApiOf(routes: readonly RouteOptions[], documents: readonly DocumentDescription[], version: string): Promise<OpenAPIV3.Document> {
  const { default: swagger } = await import('@fastify/swagger');
  const instance = Fastify();
  // Nothing is validated or serialized here: no schema is compiled.
  instance.setValidatorCompiler(() => () => true);
  instance.setSerializerCompiler(() => (data) => JSON.stringify(data));
  await instance.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'chat-user-mock', version },
      components: { securitySchemes: Object.assign({}, ...documents.map((doc) => doc.securitySchemes ?? {})) },
    },
  });
  for (const { method, url, schema, config } of routes) {
    if (method !== 'HEAD') instance.route({ method, url, schema, config, exposeHeadRoute: false, handler: async () => undefined });
  }
  await instance.ready();
  const document = instance.swagger() as OpenAPIV3.Document;
  await instance.close();
  return document;
}

/** @fastify/swagger-ui at /docs over the whole document, with a switcher between the per-platform documents. */
async function swaggerUiServer(fullDocument: () => Promise<OpenAPIV3.Document>, documents: readonly DocumentDescription[]): Promise<FastifyInstance> {
  const { default: swaggerUi } = await import('@fastify/swagger-ui');
  const server = Fastify();
  // Swagger UI needs @fastify/swagger's `swagger()` on its instance, under that plugin's name.
  const document = await fullDocument();
  await server.register(
    fastifyPlugin(
      async (instance) => {
        instance.decorate('swagger', () => document);
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
