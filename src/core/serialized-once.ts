import type { FastifyReply } from 'fastify';
import type { Store } from '../store/store.js';

interface Text {
  text: string;
  /** The objects besides the view that the text was built from. */
  dependencies: readonly object[];
}

const NONE: readonly object[] = [];

function sameObjects(a: readonly object[], b: readonly object[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Sends an answer derived from a shared, frozen record view (Store.view hands out the same object
 * until its row changes), built and serialized with the route's own response serializer only the
 * first time: later requests for the same view send the text, skipping the body's construction,
 * fast-json-stringify and the flattening of its output. Make one per route (the text depends on
 * the route's schema for `status`). A view the store hands out only once (Store.isShared) gets its
 * text built and sent, not kept.
 */
export class SerializedOnce {
  private readonly texts = new WeakMap<object, Map<number, Text>>();

  constructor(
    private readonly store: Pick<Store, 'isShared'>,
    private readonly contentType: string,
    private readonly status = 200,
  ) {}

  /**
   * `build` may depend only on `view`, on what `variant` (a small integer) encodes and on
   * `dependencies`, other frozen views: the text is rebuilt when any of them is another object.
   * An answer that depends on anything else is sent the usual way instead.
   */
  send(reply: FastifyReply, view: Readonly<object>, variant = 0, build: () => object = () => view, dependencies = NONE): FastifyReply {
    let texts = this.texts.get(view);
    if (texts === undefined) {
      if (!this.store.isShared(view)) return this.reply(reply, this.serialize(reply, build));
      this.texts.set(view, (texts = new Map()));
    }
    let known = texts.get(variant);
    if (known === undefined || !sameObjects(known.dependencies, dependencies)) {
      known = { text: this.serialize(reply, build), dependencies };
      texts.set(variant, known);
    }
    return this.reply(reply, known.text);
  }

  private serialize(reply: FastifyReply, build: () => object): string {
    return reply.getSerializationFunction(String(this.status))!(build() as Record<string, unknown>);
  }

  private reply(reply: FastifyReply, text: string): FastifyReply {
    return reply.code(this.status).type(this.contentType).send(text);
  }
}
