/**
 * Code comments cite docs/platforms/<name>.md by heading (`docs/platforms/zulip.md#invalid-api-key`):
 * every cited document and heading exists, and no comment cites the old numbered sections.
 */
import t from 'tap';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : /\.(ts|mjs|md)$/.test(name) ? [path] : [];
  });
}

/** GitHub's heading anchors: lower case, punctuation but '-' and '_' dropped, spaces to '-'. */
function anchorOf(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

const anchorsByDocument = new Map<string, Set<string>>();
function anchorsOf(document: string): Set<string> | undefined {
  if (!anchorsByDocument.has(document)) {
    let text: string;
    try {
      text = readFileSync(join(root, document), 'utf8');
    } catch {
      return undefined;
    }
    const headings = [...text.matchAll(/^#{1,6} (.+)$/gm)].map((match) => anchorOf(match[1]));
    anchorsByDocument.set(document, new Set(headings));
  }
  return anchorsByDocument.get(document);
}

const self = fileURLToPath(import.meta.url);
const sources = ['src', 'test', 'docs'].flatMap((folder) => filesUnder(join(root, folder))).concat(join(root, 'README.md')).filter((file) => file !== self);

t.test('every cited heading of docs/platforms exists', async (t) => {
  let citations = 0;
  for (const file of sources) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/docs\/platforms\/([a-z]+\.md)#([\p{L}\p{N}_-]+)/gu)) {
      citations++;
      const anchors = anchorsOf(`docs/platforms/${match[1]}`);
      t.ok(anchors?.has(match[2]), `${relative(root, file)}: docs/platforms/${match[1]}#${match[2]}`);
    }
  }
  t.ok(citations >= 50, `${citations} citations checked`);
});

t.test('no comment cites the numbered sections of notes that are not in the repository', async (t) => {
  for (const file of sources) {
    // RFC sections are the only numbered sections cited.
    t.notMatch(readFileSync(file, 'utf8').replace(/RFC \d+ §/g, ''), /§/, relative(root, file));
  }
});
