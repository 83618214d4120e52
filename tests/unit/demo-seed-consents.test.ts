/**
 * The demo people are seeded as members who signed up (PDPA s.19): each has the current privacy
 * notice accepted and a recorded decision for every optional purpose, so a demo sign-in is not
 * asked to read the notice again and the directory lists only people with a recorded yes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import { seedDemoContent } from '../../scripts/lib/seed-demo.ts';
import { listConsents, needsNoticeAcceptance } from '../../src/lib/server/consent.ts';
import { OPTIONAL_PURPOSES, PRIVACY_NOTICE_VERSION } from '../../src/lib/privacy.ts';
import { useFreshDatabase } from '../helpers/database.ts';

let close: () => void;
beforeAll(async () => {
  close = useFreshDatabase();
  await seedDemoContent();
}, 60_000);
afterAll(() => close());

describe('demo seed consents', () => {
  it('every demo member accepted the current notice and decided each optional purpose', () => {
    const people = getDb().select({ id: users.id, hidden: users.hiddenFromDirectory }).from(users).all();
    expect(people.length).toBeGreaterThan(0);
    for (const person of people) {
      expect(needsNoticeAcceptance(person.id)).toBe(false);
      const consents = listConsents(person.id);
      expect(consents.find((c) => c.purpose === 'privacy-notice')).toMatchObject({ given: true, version: PRIVACY_NOTICE_VERSION });
      for (const purpose of OPTIONAL_PURPOSES) expect(consents.find((c) => c.purpose === purpose)?.given).toBe(true);
      expect(person.hidden).toBe(false);
    }
  });
});
