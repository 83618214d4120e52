/**
 * "Every write transaction takes the lock first, through one helper" (issue 21, finding 5): the
 * source holds no transaction that bypasses writeTransaction, the helper begins IMMEDIATE, and a
 * unique conflict inside it is a Thai 409, not a 500.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { useFreshDatabase } from '../helpers/database.ts';
import { getDb } from '~db/client.ts';
import { communities, users } from '~db/schema.ts';
import { DomainError } from '~/lib/server/errors.ts';
import { WRITE_CONFLICT_MESSAGE, writeTransaction } from '~/lib/server/write-transaction.ts';

const HELPER = join('src', 'lib', 'server', 'write-transaction.ts');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(?:ts|astro)$/.test(entry.name) ? [path] : [];
  });
}

describe('one helper for every write transaction', () => {
  it('no file under src/ or db/ opens a transaction except through writeTransaction', () => {
    const offenders = [...sourceFiles('src'), ...sourceFiles('db')]
      // src/scripts and src/sw run in the browser: their transactions are IndexedDB's, not SQLite's.
      .filter((file) => file !== HELPER && !file.startsWith(join('src', 'scripts')) && !file.startsWith(join('src', 'sw')))
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .map((line, index) => ({ file, line: index + 1, text: line }))
          .filter(({ text }) => /\.transaction\(|['"`]BEGIN\b(?![:\s]+IMMEDIATE|:)/i.test(text) && !/^\s*(?:\*|\/\/)/.test(text)),
      );
    expect(offenders).toEqual([]);
  });

  describe('behaviour', () => {
    let cleanup: () => void;
    beforeEach(() => {
      cleanup = useFreshDatabase();
    });
    afterEach(() => cleanup());

    it('holds the write lock from the first statement: another connection cannot write meanwhile', () => {
      const other = new Database(getDb().$client.name);
      other.pragma('busy_timeout = 0');
      try {
        writeTransaction(() => {
          // A deferred transaction would hold no lock here yet; IMMEDIATE already has the write lock.
          expect(() => other.prepare('CREATE TABLE probe (x)').run()).toThrow(/locked|busy/i);
        });
      } finally {
        other.close();
      }
    });

    it('a unique conflict becomes a 409 with a Thai sentence (and the field when asked)', () => {
      const db = getDb();
      const owner = db.insert(users).values({ username: 'owner1', displayName: 'เจ้าของ', passwordHash: 'x' }).returning().get();
      const community = { slug: 'km', name: 'ชุมชน KM', description: '', joinPolicy: 'open' as const, ownerId: owner.id };
      writeTransaction(() => db.insert(communities).values(community).run());
      const plain = (() => {
        try {
          writeTransaction(() => db.insert(communities).values(community).run());
        } catch (error) {
          return error;
        }
      })();
      expect(plain).toBeInstanceOf(DomainError);
      expect((plain as DomainError).status).toBe(409);
      expect((plain as DomainError).message).toBe(WRITE_CONFLICT_MESSAGE);
      expect(() => writeTransaction(() => db.insert(communities).values(community).run(), { conflict: 'มีแล้ว', field: 'name' })).toThrow(
        expect.objectContaining({ status: 409, fields: { name: 'มีแล้ว' } }),
      );
      expect(db.select().from(communities).all()).toHaveLength(1);
    });
  });
});
