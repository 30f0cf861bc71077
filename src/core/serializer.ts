import type AjvCompiler from '@fastify/ajv-compiler';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { createRequire } from 'node:module';

type Serialize = (data: unknown) => string;
type SerializerSelector = typeof import('@fastify/fast-json-stringify-compiler').SerializerSelector;

/**
 * fast-json-stringify and ajv (about 150 modules, a sixth of a start) are loaded on the first schema
 * compiled, not when Fastify is made: responses are compiled on first send, and no route of the mock
 * has Fastify validate its input (each platform checks it, to answer in its own error shape).
 */
const require = createRequire(import.meta.url);
let selectSerializer: ReturnType<ReturnType<SerializerSelector>> | undefined;
const serializerFor = (route: Parameters<FastifySerializerCompiler<unknown>>[0]): Serialize =>
  (selectSerializer ??= (require('@fastify/fast-json-stringify-compiler') as { SerializerSelector: SerializerSelector }).SerializerSelector()())({
    ...route,
    httpStatus: route.httpStatus ?? '200',
  }) as Serialize;

/**
 * Fastify's own fast-json-stringify compiler, deferred: a route's serializer for a status
 * is compiled the first time that status is sent. `wrap` post-processes the text (Zulip's
 * trailing newline).
 */
export function lazySerializerCompiler(wrap?: (text: string) => string): FastifySerializerCompiler<unknown> {
  return (route) => {
    let compiled: Serialize | undefined;
    return wrap ? (data) => wrap((compiled ??= serializerFor(route))(data)) : (data) => (compiled ??= serializerFor(route))(data);
  };
}

/** Fastify's `schemaController.compilersFactory`: its own compilers, loaded on first use (see above). */
export const lazyCompilersFactory = {
  buildValidator: ((externalSchemas, options) => {
    let compile: ReturnType<AjvCompiler.BuildCompilerFromPool> | undefined;
    return (route) => (compile ??= (require('@fastify/ajv-compiler') as typeof AjvCompiler)()(externalSchemas, options))(route);
  }) satisfies AjvCompiler.BuildCompilerFromPool,
  // The compiler factory's and Fastify's typings disagree on whether a route's schema is optional.
  buildSerializer: (() => lazySerializerCompiler()) as unknown as ReturnType<SerializerSelector>,
};
