/**
 * The README as a newcomer uses it: every curl line of its shell blocks (and the nandbox `node -e` line) is run
 * against a server with `npm start`'s defaults and must answer what the `# →` line under it promises, and the
 * in-process example runs as written with `node --test`.
 *
 * Promise lines: `# → <status> <text>` (no status for the nandbox line); `…` in the text leaves out a part, and
 * the parts between must appear in the answer in that order.
 */
import t, { type Test } from 'tap';
import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../helper.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
/** The address the README's commands are written for: `npm start`'s. */
const README_HOST = '127.0.0.1:8080';

interface CodeBlock {
  language: string;
  /** 1-based line of the block's first line of code. */
  line: number;
  lines: string[];
}

function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  let open: CodeBlock | undefined;
  markdown.split('\n').forEach((text, index) => {
    const fence = /^```(\S*)\s*$/.exec(text);
    if (fence && !open) open = { language: fence[1], line: index + 2, lines: [] };
    else if (fence && open) {
      blocks.push(open);
      open = undefined;
    } else open?.lines.push(text);
  });
  return blocks;
}

interface Promised {
  status?: number;
  parts: string[];
}

interface Command {
  line: number;
  words: string[];
  promised: Promised;
}

/** Splits a command line the way sh does for the quoting the README uses; anything that needs a shell is refused. */
function shellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new Error('unclosed single quote');
      word = (word ?? '') + text.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      word ??= '';
      for (i++; text[i] !== '"'; i++) {
        if (i >= text.length) throw new Error('unclosed double quote');
        if (text[i] === '$' || text[i] === '`') throw new Error(`"${text[i]}" needs a shell`);
        if (text[i] === '\\' && '"\\$`'.includes(text[i + 1])) i++;
        word += text[i];
      }
    } else if (c === ' ' || c === '\t') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if ('$`|;&<>()*?#\\'.includes(c)) {
      throw new Error(`"${c}" outside quotes needs a shell`);
    } else word = (word ?? '') + c;
  }
  if (word !== undefined) words.push(word);
  return words;
}

function readmeCommands(): Command[] {
  const commands: Command[] = [];
  for (const block of codeBlocks(readme).filter((b) => b.language === 'sh')) {
    for (let i = 0; i < block.lines.length; i++) {
      let text = block.lines[i];
      const line = block.line + i;
      if (!/^(curl|node -e) /.test(text)) continue;
      while (text.endsWith('\\')) text = `${text.slice(0, -1)} ${block.lines[++i].trim()}`;
      const promise = /^# → (?:(\d{3}) )?(.+)$/.exec(block.lines[i + 1] ?? '');
      if (!promise) throw new Error(`README line ${line}: no "# → …" line says what it answers`);
      commands.push({
        line,
        words: shellWords(text),
        promised: {
          status: promise[1] === undefined ? undefined : Number(promise[1]),
          parts: promise[2].split('…').map((part) => part.trim()).filter((part) => part !== ''),
        },
      });
    }
  }
  return commands;
}

interface Answer {
  status?: number;
  output: string;
}

const hasCurl = spawnSync('curl', ['--version']).status === 0;

function runCurl(args: string[]): Promise<Answer> {
  return new Promise((resolve, reject) => {
    execFile('curl', ['-sS', '--max-time', '10', '--write-out', '\n%{http_code}', ...args], (error, stdout, stderr) => {
      if (error) return reject(new Error(`curl ${args.join(' ')}: ${stderr || error.message}`));
      const cut = stdout.lastIndexOf('\n');
      resolve({ output: stdout.slice(0, cut), status: Number(stdout.slice(cut + 1)) });
    });
  });
}

/** The same request through fetch, for the options the README's curls use; any other option is an error. */
async function curlThroughFetch(args: string[]): Promise<Answer> {
  const headers = new Headers();
  let method: string | undefined;
  let body: string | undefined;
  let url: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-H') {
      const header = args[++i];
      const colon = header.indexOf(':');
      headers.set(header.slice(0, colon).trim(), header.slice(colon + 1).trim());
    } else if (arg === '-u') headers.set('authorization', `Basic ${Buffer.from(args[++i]).toString('base64')}`);
    else if (arg === '-X') method = args[++i];
    else if (arg === '-d' || arg === '--data') body = args[++i];
    else if (arg.startsWith('-')) throw new Error(`curl option ${arg} is not translated to fetch`);
    else url = arg;
  }
  if (url === undefined) throw new Error('curl without a URL');
  if (body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded');
  const response = await fetch(url, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, output: await response.text() };
}

function runNode(args: string[]): Promise<Answer> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: root, timeout: 10_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`node ${args.join(' ')}: ${stderr || error.message}`));
      resolve({ output: stdout.trimEnd() });
    });
  });
}

async function checkCommands(t: Test, run: (args: string[]) => Promise<Answer>) {
  const { port } = await startServer(t, { seed: 42, users: 50 });
  const here = (text: string) => text.replaceAll(README_HOST, `127.0.0.1:${port}`);
  for (const { line, words, promised } of readmeCommands()) {
    const args = words.slice(1).map(here);
    const answer = words[0] === 'curl' ? await run(args) : await runNode(args);
    t.equal(answer.status, promised.status, `README line ${line}: status`);
    let from = 0;
    for (const part of promised.parts.map(here)) {
      const at = answer.output.indexOf(part, from);
      t.ok(at >= 0, `README line ${line}: ${part}`, { found: answer.output.slice(from, from + 400) });
      if (at >= 0) from = at + part.length;
    }
  }
}

t.test('the README stays a user document: its two commands first, at most 450 lines, nothing outside the repository', async (t) => {
  const lines = readme.split('\n');
  t.same(lines.slice(0, 3), ['# chat-user-mock', '', '```sh']);
  t.match(lines[3], /^npm install && npm start\s+#/);
  t.match(lines[4], /^npm test\s+#/);
  t.ok(lines.length <= 450, `${lines.length} lines`);
  t.notMatch(readme, /\.\.\/shared|shared\/providers|docker-standin|these machines|issue #?\d+/i);
});

t.test('the README has a curl per platform and the nandbox line, each with its promised answer', async (t) => {
  const commands = readmeCommands();
  const urls = commands.map(({ words }) => words.find((word) => word.includes(README_HOST)) ?? '');
  for (const path of ['/__mock/credentials', '/api/v1/users/', '/v3/users/', '/v1/ext/user/', '/nandbox/api/']) {
    t.ok(urls.some((url) => url.includes(path)), path);
  }
  t.equal(commands.filter(({ words }) => words[0] === 'node').length, 1, 'one node line (nandbox)');
  t.ok(commands.every(({ promised }) => promised.parts.length > 0));
});

t.test('every curl of the README answers as the README says, run by curl', { skip: hasCurl ? false : 'curl is not installed: the fetch translation below still runs every command' }, async (t) => {
  await checkCommands(t, runCurl);
});

t.test('every curl of the README answers as the README says, translated to fetch', async (t) => {
  await checkCommands(t, curlThroughFetch);
});

t.test('the in-process example runs as written with node --test, importing the built package', async (t) => {
  const examples = codeBlocks(readme).filter((block) => block.language === 'js' && block.lines.some((text) => text.includes("from 'chat-user-mock'")));
  t.equal(examples.length, 1, 'one example imports chat-user-mock');
  t.ok(existsSync(join(root, 'dist/index.js')), "the package is built (npm test builds it; alone: npm run build)");
  // Inside the package folder, 'chat-user-mock' resolves to this package itself through its "exports".
  const folder = mkdtempSync(join(root, '.readme-example-'));
  t.teardown(() => rmSync(folder, { recursive: true, force: true }));
  const file = join(folder, 'example.test.mjs');
  writeFileSync(file, examples[0].lines.join('\n'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_OPTIONS' && !/^_?TAP/.test(name)));
  // Node 23+ reports with 'spec' by default even on a pipe; ask for TAP so the counts read the same on every Node.
  const child = spawn(process.execPath, ['--test', '--test-reporter=tap', file], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise((resolve) => child.on('exit', resolve));
  t.equal(code, 0, 'node --test exits 0', { output });
  t.match(output, /^# pass 1$/m);
  t.match(output, /^# fail 0$/m);
});
