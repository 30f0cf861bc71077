import type { FastifyReply } from 'fastify';

/**
 * Sends an answer derived from a shared, frozen record view (Store.view hands out the same object
 * until its row changes), built and serialized with the route's own response serializer only the
 * first time: later requests for the same view send the text, skipping the body's construction,
 * fast-json-stringify and the flattening of its output. Make one per route (the text depends on
 * the route's schema for `status`).
 */
export class SerializedOnce {
  private readonly texts = new WeakMap<object, Map<number | string, string>>();

  constructor(
    private readonly contentType: string,
    private readonly status = 200,
  ) {}

  /**
   * `build` must depend only on `view` and on what `variant` encodes (a number for a few switches, a
   * string for more); when the answer depends on anything else, send it the usual way instead.
   */
  send(reply: FastifyReply, view: Readonly<object>, variant: number | string = 0, build: () => object = () => view): FastifyReply {
    let texts = this.texts.get(view);
    if (texts === undefined) this.texts.set(view, (texts = new Map()));
    let text = texts.get(variant);
    if (text === undefined) {
      const serialize = reply.getSerializationFunction(String(this.status))!;
      text = serialize(build() as Record<string, unknown>);
      texts.set(variant, text);
    }
    return reply.code(this.status).type(this.contentType).send(text);
  }
}
