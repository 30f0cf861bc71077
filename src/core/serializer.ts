import type AjvCompiler from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { createRequire } from 'node:module';

type Serialize = (data: unknown) => string;

/**
 * fast-json-stringify (with ajv) is imported here, not on the first response, which needs it anyway: the bundled
 * CLI then runs its own copy instead of loading ~80 modules (cold start 483 -> 440, 415 -> 386 ms in two runs).
 * Schemas are compiled on first send. No route has Fastify validate its input (each platform checks it, to
 * answer in its own error shape), so Fastify's ajv compiler is loaded only if one ever does.
 */
const require = createRequire(import.meta.url);
let selectSerializer: ReturnType<ReturnType<typeof SerializerSelector>> | undefined;
const serializerFor = (route: Parameters<FastifySerializerCompiler<unknown>>[0]): Serialize =>
  (selectSerializer ??= SerializerSelector()())({
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

/** Fastify's `schemaController.compilersFactory`: its own compilers, each route's schema compiled on first use (see above). */
export const lazyCompilersFactory = {
  buildValidator: ((externalSchemas, options) => {
    let compile: ReturnType<AjvCompiler.BuildCompilerFromPool> | undefined;
    return (route) => (compile ??= (require('@fastify/ajv-compiler') as typeof AjvCompiler)()(externalSchemas, options))(route);
  }) satisfies AjvCompiler.BuildCompilerFromPool,
  // The compiler factory's and Fastify's typings disagree on whether a route's schema is optional.
  buildSerializer: (() => lazySerializerCompiler()) as unknown as ReturnType<typeof SerializerSelector>,
};
