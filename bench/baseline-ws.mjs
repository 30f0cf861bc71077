/**
 * The bare `ws` baseline (plain JS, bare `node`): answers every frame with one
 * pre-serialized text frame (BASELINE_FRAME, base64) fetched once from the mock.
 * No auth, no parsing. Prints "listening <port>" on stdout once ready.
 */
import { WebSocketServer } from 'ws';

const frame = Buffer.from(process.env.BASELINE_FRAME ?? Buffer.from('{"method":"userDetails"}').toString('base64'), 'base64');
const server = new WebSocketServer({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0), path: '/nandbox/api/' });
server.on('connection', (socket) => {
  socket.on('message', () => socket.send(frame, { binary: false }));
});
server.on('listening', () => process.stdout.write(`listening ${server.address().port}\n`));
process.on('SIGTERM', () => process.exit(0));
