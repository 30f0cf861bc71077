// Checks a container's logs: `docker logs NAME` stdout on stdin, stderr in the file named by argv[2].
// Every stdout line must be a JSON object, stderr must be empty, and the lines named by the
// remaining arguments must be there:
//   banner    the one-line JSON banner ("chat-user-mock ready ...")
//   request   at least one request line of a platform API (not /__mock/...)
//   shutdown  the graceful shutdown after SIGTERM ("shutting down", signal SIGTERM)
// Prints the time from the container's start (env STARTED_AT, RFC 3339) to the banner when both are known.
import { readFileSync } from 'node:fs';

const [stderrFile, ...wanted] = process.argv.slice(2);
const stdout = readFileSync(0, 'utf8');
const stderr = stderrFile ? readFileSync(stderrFile, 'utf8') : '';
const problems = [];
if (stderr.trim() !== '') problems.push(`stderr is not empty:\n${stderr.slice(0, 2000)}`);

const lines = stdout.split('\n').filter((line) => line.trim() !== '');
const entries = [];
for (const line of lines) {
  try {
    const entry = JSON.parse(line);
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw new Error('not an object');
    entries.push(entry);
  } catch {
    problems.push(`a stdout line is not a JSON object: ${line.slice(0, 300)}`);
  }
}

const banner = entries.find((entry) => typeof entry.msg === 'string' && entry.msg.startsWith('chat-user-mock ready'));
const checks = {
  banner: () => banner !== undefined,
  request: () => entries.some((entry) => entry.msg === 'request' && typeof entry.url === 'string' && !entry.url.startsWith('/__mock/')),
  shutdown: () => entries.some((entry) => entry.msg === 'shutting down' && entry.signal === 'SIGTERM'),
};
for (const name of wanted) {
  if (!checks[name]) problems.push(`unknown check ${name}`);
  else if (!checks[name]()) problems.push(`no ${name} line in the logs`);
}

if (problems.length > 0) {
  process.stderr.write(`${problems.join('\n')}\n--- stdout (last 20 lines) ---\n${lines.slice(-20).join('\n')}\n`);
  process.exit(1);
}
let detail = `${entries.length} JSON lines, stderr empty`;
const started = Date.parse(process.env.STARTED_AT ?? '');
if (banner && typeof banner.time === 'number' && !Number.isNaN(started)) detail += `, listening ${banner.time - started} ms after the container started`;
process.stdout.write(`${detail}\n`);
