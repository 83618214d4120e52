import { describe, expect, it } from 'vitest';
import { recentWeeks, viewWeek } from '../../src/lib/view-week.ts';

describe('view weeks (Monday, Bangkok time)', () => {
  it('names a week by its Monday in Bangkok, whatever the UTC day', () => {
    expect(viewWeek(Date.parse('2026-12-07T00:00:00+07:00'))).toBe('2026-12-07'); // Monday 00:00 Bangkok
    expect(viewWeek(Date.parse('2026-12-06T23:59:59+07:00'))).toBe('2026-11-30'); // Sunday night
    expect(viewWeek(Date.parse('2026-12-06T18:00:00Z'))).toBe('2026-12-07'); // Sunday in UTC, Monday 01:00 Bangkok
    expect(viewWeek(Date.parse('2027-01-01T12:00:00+07:00'))).toBe('2026-12-28'); // across a year
  });

  it('lists the last weeks oldest first, ending with the current one', () => {
    expect(recentWeeks(Date.parse('2026-12-08T10:00:00+07:00'), 3)).toEqual(['2026-11-23', '2026-11-30', '2026-12-07']);
  });
});
