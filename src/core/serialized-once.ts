import type { FastifyReply } from 'fastify';

/**
 * Serializes a shared, frozen body (Store.view hands out the same object until its row changes) once
 * per route, with the route's own response serializer, and sends the text from then on: a get-user
 * answered from the read cache then skips fast-json-stringify and the flattening of its output.
 * Make one per route: the text depends on the route's schema for `status`.
 */
export class SerializedOnce {
  private readonly texts = new WeakMap<object, string>();

  constructor(
    private readonly contentType: string,
    private readonly status = '200',
  ) {}

  send(reply: FastifyReply, body: Readonly<object>): FastifyReply {
    let text = this.texts.get(body);
    if (text === undefined) {
      const serialize = reply.getSerializationFunction(this.status)!;
      text = serialize(body as Record<string, unknown>);
      this.texts.set(body, text);
    }
    return reply.code(Number(this.status)).type(this.contentType).send(text);
  }
}
