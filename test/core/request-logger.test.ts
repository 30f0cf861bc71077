/** Request loggers made on the first line logged: the lines are those of Fastify's own per-request child. */
import t from 'tap';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { LazyRequestLogger, lazyChildLoggerFactory } from '../../src/core/request-logger.js';

async function appLoggingAt(level: string) {
  const lines: Array<Record<string, unknown>> = [];
  const app = Fastify({
    logger: { level, stream: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) } },
    disableRequestLogging: true,
    childLoggerFactory: lazyChildLoggerFactory,
  });
  app.get('/quiet', async (request) => ({ infoEnabled: (request.log as unknown as { isLevelEnabled(level: string): boolean }).isLevelEnabled('info') }));
  app.get('/loud', async (request) => {
    request.log.info({ step: 1 }, 'an info line');
    request.log.warn({ step: 2 }, 'a warning');
    request.log.error(new Error('boom'), 'an error');
    request.log.child({ part: 'inner' }).warn('from a grandchild');
    return {};
  });
  await app.ready();
  return { app, lines };
}

t.test('at warn: warnings and errors carry the request id, info lines are dropped', async (t) => {
  const { app, lines } = await appLoggingAt('warn');
  t.teardown(() => app.close());
  const quiet = await app.inject('/quiet');
  t.same(quiet.json(), { infoEnabled: false });
  t.same(lines, [], 'a request that logs nothing writes nothing');

  const loud = await app.inject('/loud');
  t.equal(loud.statusCode, 200);
  t.match(lines, [
    { level: 40, reqId: 'req-2', step: 2, msg: 'a warning' },
    { level: 50, reqId: 'req-2', err: { message: 'boom' }, msg: 'an error' },
    { level: 40, reqId: 'req-2', part: 'inner', msg: 'from a grandchild' },
  ]);
  t.equal(lines.length, 3);
});

t.test('at info: info lines are written, with the request id', async (t) => {
  const { app, lines } = await appLoggingAt('info');
  t.teardown(() => app.close());
  t.same((await app.inject('/quiet')).json(), { infoEnabled: true });
  await app.inject('/loud');
  t.match(lines[0], { level: 30, reqId: 'req-2', step: 1, msg: 'an info line' });
  t.equal(lines.length, 4);
});

t.test("pino's child is made once, on the first line logged, and never for a request that logs nothing", async (t) => {
  const made: unknown[] = [];
  const written: string[] = [];
  const child = { warn: (message: string) => written.push(message), level: 'warn' } as unknown as FastifyBaseLogger;
  const parent = {
    child: (bindings: unknown) => (made.push(bindings), child),
    isLevelEnabled: (level: string) => level !== 'info',
  } as unknown as FastifyBaseLogger;

  const logger = new LazyRequestLogger(parent, { reqId: 'req-1' }, {});
  t.equal(logger.isLevelEnabled('info'), false, "the parent's level answers");
  t.same(made, [], 'no child for the level check');
  logger.warn('first');
  logger.warn('second');
  t.same(made, [{ reqId: 'req-1' }], 'one child');
  t.same(written, ['first', 'second']);
  t.equal(logger.level, 'warn');

  const ownLevel = new LazyRequestLogger(parent, { reqId: 'req-2' }, { level: 'debug' });
  (child as unknown as { isLevelEnabled(level: string): boolean }).isLevelEnabled = () => true;
  t.equal(ownLevel.isLevelEnabled('info'), true, 'a child with its own level answers for itself');
});
