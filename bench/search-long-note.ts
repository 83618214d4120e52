/**
 * npm run bench:search-long-note [-- --script thai|latin --kb 195 --layout paragraphs|line --timeout 150]
 * Prints how long index updates take once one long note is published (issue 21, finding 2): the
 * update that adds it, a later update that adds one short note, and an update that hides a note
 * (the time a hidden note stays downloadable). Each update runs as the server runs it: a child
 * `scripts/search-index.ts --update`, killed after `timeout` seconds (the server's watchdog is 120 s).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createSearchTestDb, insertNote, insertUser, updateNoteRow } from '../tests/helpers/search-db.ts';
import { createRandom, generateNote, generateSentence } from './generate-notes.ts';

const { values } = parseArgs({
  options: {
    script: { type: 'string', default: 'thai' },
    kb: { type: 'string', default: '195' },
    layout: { type: 'string', default: 'paragraphs' },
    timeout: { type: 'string', default: '150' },
    notes: { type: 'string', default: '200' },
  },
});
const random = createRandom(7);
const LATIN_WORDS = 'knowledge community learning together system sharing village school health review lesson team'.split(' ');

/** Plain words (no Markdown) up to `bytes` UTF-8 bytes; paragraphs of ~10 sentences, or one line. */
function longBody(bytes: number): string {
  const sentence = () =>
    values.script === 'latin'
      ? Array.from({ length: 12 }, () => LATIN_WORDS[Math.floor(random() * LATIN_WORDS.length)]).join(' ') + '.'
      : generateSentence(random);
  let body = '';
  for (let index = 1; Buffer.byteLength(body) < bytes; index++) {
    body += sentence() + (values.layout === 'line' || index % 10 ? ' ' : '\n\n');
  }
  while (Buffer.byteLength(body) > bytes) body = body.slice(0, -1);
  return body.trim();
}

const timeoutMs = Number(values.timeout) * 1000;

/**
 * One `--update` child as the server runs it: its wall time (or "killed" past the timeout), its CPU
 * time with Pagefind's (GNU time; comparable on a loaded box), and when it first replaced the manifest.
 */
function runUpdate(label: string, root: string): Promise<number | 'killed'> {
  const startedAt = Date.now();
  const manifestFile = join(root, 'manifest.json');
  const before = existsSync(manifestFile) ? readFileSync(manifestFile, 'utf8') : '';
  let firstWriteMs: number | undefined;
  const watch = setInterval(() => {
    if (firstWriteMs === undefined && existsSync(manifestFile) && readFileSync(manifestFile, 'utf8') !== before)
      firstWriteMs = Date.now() - startedAt;
  }, 50);
  return new Promise((resolve) => {
    const child = spawn('/usr/bin/time', ['-f', 'cpu %U %S', process.execPath, '--import', 'tsx', 'scripts/search-index.ts', '--update'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so the watchdog below ends the indexer too, not only GNU time
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      clearInterval(watch);
      const ms = Date.now() - startedAt;
      const killed = ms >= timeoutMs;
      const cpu = /cpu ([\d.]+) ([\d.]+)/.exec(output);
      console.log(
        `${label}: ${killed ? `killed after ${(ms / 1000).toFixed(1)} s` : `${(ms / 1000).toFixed(1)} s`}` +
          (cpu ? `, CPU ${(Number(cpu[1]) + Number(cpu[2])).toFixed(1)} s` : '') +
          (firstWriteMs !== undefined ? `, manifest first replaced after ${(firstWriteMs / 1000).toFixed(1)} s` : ''),
      );
      if (code && !killed) console.log(output.slice(-1500));
      resolve(killed ? 'killed' : ms);
    });
  });
}

const t = createSearchTestDb();
process.env.SEARCH_INDEX_DIR = t.indexDir;
try {
  const author = insertUser(t.db, 'bench', 'ผู้ทดสอบ');
  const firstIds: number[] = [];
  for (let index = 0; index < Number(values.notes); index++) firstIds.push(insertNote(t.db, { authorId: author, ...generateNote(random) }));
  await runUpdate(`full build, ${values.notes} notes`, t.indexDir);

  const body = longBody(Number(values.kb) * 1024);
  console.log(`long note: ${values.script}, ${values.layout}, ${Buffer.byteLength(body)} bytes, ${body.length} characters`);
  const longId = insertNote(t.db, { authorId: author, title: 'บันทึกยาวมาก', body });
  await runUpdate('update adding the long note', t.indexDir);
  insertNote(t.db, { authorId: author, ...generateNote(random) });
  await runUpdate('next update (one short note)', t.indexDir);
  updateNoteRow(t.db, firstIds[0]!, { hiddenAt: new Date() });
  await runUpdate('update hiding a short note', t.indexDir);
  const manifest = JSON.parse(readFileSync(join(t.indexDir, 'manifest.json'), 'utf8')) as { recentIds: number[] };
  console.log(`long note ${longId} in recentIds: ${manifest.recentIds.includes(longId)}`);
} finally {
  t.close();
}
