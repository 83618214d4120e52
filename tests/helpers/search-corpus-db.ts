/** Loads the Thai test corpus into a test database; returns note ids by corpus key. */
import type { Db } from '../../db/client.ts';
import { CORPUS_NOTES } from '../fixtures/thai-search-corpus.ts';
import { insertNote, insertUser } from './search-db.ts';

const AUTHORS = { somchai: 'สมชาย ทองดี', malee: 'มาลี บุญมา', ploy: 'พลอย แสงทอง' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

export function loadCorpus(db: Db): Map<string, number> {
  const authorIds = new Map(Object.entries(AUTHORS).map(([username, name]) => [username, insertUser(db, username, name)]));
  const ids = new Map<string, number>();
  const start = Date.UTC(2024, 0, 1);
  CORPUS_NOTES.forEach((note, position) => {
    ids.set(
      note.key,
      insertNote(db, {
        authorId: authorIds.get(note.author ?? 'somchai')!,
        title: note.title,
        body: note.body,
        kind: note.kind,
        tags: note.tags,
        publishedAt: new Date(start + position * DAY_MS),
      }),
    );
  });
  return ids;
}
