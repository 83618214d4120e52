/**
 * npm run bench:search-long-note [-- --script thai|latin --kb 195 --layout paragraphs|line --timeout 150]
 * Prints how long index updates take once one long note is published (issue 21, finding 2): the
 * update that adds it, a later update that adds one short note, and an update that hides a note
 * (the time a hidden note stays downloadable). Each update runs as the server runs it: a child
 * `scripts/search-index.ts --update`, killed after `timeout` seconds (the server's watchdog is 120 s).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

/** One `--update` child as the server runs it; its wall time, or "killed" past the timeout. */
function runUpdate(label: string): Promise<number | 'killed'> {
  const startedAt = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/search-index.ts', '--update'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = Date.now() - startedAt;
      const result = signal ? 'killed' : ms;
      console.log(
        `${label}: ${signal ? `killed after ${(ms / 1000).toFixed(1)} s` : `${(ms / 1000).toFixed(1)} s`} (exit ${code ?? signal})`,
      );
      if (code) console.log(output.slice(-1500));
      resolve(result);
    });
  });
}

const t = createSearchTestDb();
process.env.SEARCH_INDEX_DIR = t.indexDir;
try {
  const author = insertUser(t.db, 'bench', 'ผู้ทดสอบ');
  const firstIds: number[] = [];
  for (let index = 0; index < Number(values.notes); index++) firstIds.push(insertNote(t.db, { authorId: author, ...generateNote(random) }));
  await runUpdate(`full build, ${values.notes} notes`);

  const body = longBody(Number(values.kb) * 1024);
  console.log(`long note: ${values.script}, ${values.layout}, ${Buffer.byteLength(body)} bytes, ${body.length} characters`);
  const longId = insertNote(t.db, { authorId: author, title: 'บันทึกยาวมาก', body });
  await runUpdate('update adding the long note');
  insertNote(t.db, { authorId: author, ...generateNote(random) });
  await runUpdate('next update (one short note)');
  updateNoteRow(t.db, firstIds[0]!, { hiddenAt: new Date() });
  await runUpdate('update hiding a short note');
  const manifest = JSON.parse(readFileSync(join(t.indexDir, 'manifest.json'), 'utf8')) as { recentIds: number[] };
  console.log(`long note ${longId} in recentIds: ${manifest.recentIds.includes(longId)}`);
} finally {
  t.close();
}
