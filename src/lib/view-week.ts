/**
 * Weeks of the authors' view figures (issue 26, note_view_weeks.week): Monday to Sunday in
 * Bangkok time, named by their Monday as 'YYYY-MM-DD' (which sorts as text in time order).
 */
import { DAY_MS, HOUR_MS } from './time.ts';

// Asia/Bangkok is UTC+07:00 all year (see thai-date.ts).
const BANGKOK_OFFSET_MS = 7 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;

/** The Monday (Bangkok) of the week holding `time` (ms), as 'YYYY-MM-DD'. */
export function viewWeek(time: number): string {
  const local = new Date(time + BANGKOK_OFFSET_MS);
  const sinceMonday = (local.getUTCDay() + 6) % 7;
  return new Date(local.getTime() - sinceMonday * DAY_MS).toISOString().slice(0, 10);
}

/** The `count` weeks up to and including the one holding `time`, oldest first. */
export function recentWeeks(time: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => viewWeek(time - (count - 1 - i) * WEEK_MS));
}
