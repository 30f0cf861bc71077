/**
 * The raw node:http baseline (plain JS, run by bare `node`, no loader): answers every
 * request with a pre-serialized copy of a response fetched once from the mock (status,
 * content-type and body, byte for byte), chosen by the request's URL. Responses come in
 * the JSON file BASELINE_RESPONSES: {"<url>": {"status", "contentType", "body": base64}}.
 * Prints "listening <port>" on stdout once ready.
 */
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

const canned = new Map();
if (process.env.BASELINE_RESPONSES) {
  for (const [url, response] of Object.entries(JSON.parse(readFileSync(process.env.BASELINE_RESPONSES, 'utf8')))) {
    const body = Buffer.from(response.body, 'base64');
    canned.set(url, { status: response.status, headers: { 'content-type': response.contentType, 'content-length': body.length }, body });
  }
}
const fallbackBody = Buffer.from('{"ok":true}');
const fallback = { status: 200, headers: { 'content-type': 'application/json', 'content-length': fallbackBody.length }, body: fallbackBody };

const server = createServer((request, response) => {
  const answer = canned.get(request.url) ?? fallback;
  response.writeHead(answer.status, answer.headers);
  response.end(answer.body);
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
