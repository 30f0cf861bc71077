import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';

type Serialize = (data: unknown) => string;

/**
 * Fastify's own fast-json-stringify compiler, deferred: a route's serializer for a status
 * is compiled the first time that status is sent. `wrap` post-processes the text (Zulip's
 * trailing newline).
 */
export function lazySerializerCompiler(wrap?: (text: string) => string): FastifySerializerCompiler<unknown> {
  const select = SerializerSelector()();
  return (route) => {
    let compiled: Serialize | undefined;
    const compile = (): Serialize => select({ ...route, httpStatus: route.httpStatus ?? '200' }) as Serialize;
    return wrap ? (data) => wrap((compiled ??= compile())(data)) : (data) => (compiled ??= compile())(data);
  };
}
