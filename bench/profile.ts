/**
 * Development helper: runs the built server under `node --cpu-prof`, loads one get-user call
 * with autocannon, stops the server and prints the top self-time functions of the profile
 * (the .cpuprofile stays in bench/results/profiles/ for a flame graph, e.g. in Chrome DevTools).
 * Usage: npx tsx bench/profile.ts <zulip|sendbird|openwebui|chakra> [seconds]
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const platform = process.argv[2] ?? 'zulip';
const seconds = Number(process.argv[3] ?? 5);
const profiles = join(ROOT, 'bench', 'results', 'profiles');
mkdirSync(profiles, { recursive: true });
const port = 18_000 + Math.floor(Math.random() * 1000);
const base = `http://127.0.0.1:${port}`;
const child = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profiles}`, `--cpu-prof-name=${platform}-${Date.now()}.cpuprofile`, join(ROOT, 'dist', 'server.js')], {
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'production', DB_PATH: join(mkdtempSync(join(tmpdir(), 'cum-prof-')), 'db.sqlite') },
  stdio: 'ignore',
});
const getJson = (path: string) =>
  new Promise<any>((resolve, reject) => {
    request(`${base}${path}`, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve(JSON.parse(text)));
    }).on('error', reject).end();
  });
let credentials: any;
for (;;) {
  try {
    credentials = await getJson('/__mock/credentials');
    break;
  } catch {
    await sleep(20);
  }
}
const calls: Record<string, { path: string; headers: Record<string, string> }> = {
  zulip: { path: '/api/v1/users/10', headers: { authorization: `Basic ${Buffer.from(`${credentials.zulip.email}:${credentials.zulip.api_key}`).toString('base64')}` } },
  sendbird: { path: '/v3/users/Tyler', headers: { 'api-token': credentials.sendbird.api_token } },
  openwebui: { path: '/api/v1/users/user-123', headers: { authorization: `Bearer ${credentials.openwebui.token}` } },
  chakra: { path: '/v1/ext/user/a91b5073-e9d4-4959-9fd3-6edf79c2c5a4', headers: { authorization: `Bearer ${credentials.chakra.token}` } },
};
const call = calls[platform];
const result = await autocannon({ url: `${base}${call.path}`, headers: call.headers, connections: 50, duration: seconds });
console.log(`${platform}: ${Math.round(result.requests.average)} req/s, non2xx ${result.non2xx}`);
child.kill('SIGTERM');
await new Promise((resolve) => child.once('exit', resolve));
const file = readdirSync(profiles).filter((name) => name.startsWith(`${platform}-`)).map((name) => join(profiles, name)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }>; };
const total = profile.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0);
const self = new Map<string, number>();
for (const node of profile.nodes) {
  const where = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(dist|src)\//, '$1/')}:${node.callFrame.lineNumber + 1}`;
  self.set(where, (self.get(where) ?? 0) + (node.hitCount ?? 0));
}
console.log(file);
for (const [where, hits] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 35))) console.log(`${((hits / total) * 100).toFixed(1).padStart(5)}%  ${where}`);
