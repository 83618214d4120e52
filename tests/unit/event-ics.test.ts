import { describe, expect, it } from 'vitest';
import { escapeIcsText, foldIcsLine, renderEventIcs } from '~/lib/server/event-ics.ts';
import type { EventRow } from '~/lib/server/event.ts';

const event: EventRow = {
  id: 7,
  communityId: null,
  createdById: 1,
  title: 'เวทีแลกเปลี่ยนเรียนรู้สวัสดิการชุมชน จังหวัดนครศรีธรรมราช ครั้งที่ 1',
  startDate: '2007-02-28',
  endDate: '2007-03-01',
  provinceCode: '63',
  provinceName: 'นครศรีธรรมราช',
  districtCode: '',
  districtName: '',
  subdistrictCode: '',
  subdistrictName: '',
  venue: 'หอประชุม',
  hosts: 'มหาวิทยาลัย',
  partners: '',
  programmeMarkdown: '- เช้า; บ่าย',
  programmeHtml: '',
  officialAarId: null,
  createdAt: new Date('2007-01-01T00:00:00Z'),
  updatedAt: new Date('2007-01-02T03:04:05Z'),
};

describe('iCalendar files', () => {
  it('escapes text values', () => {
    expect(escapeIcsText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
  });

  it('folds lines at 75 octets without splitting a Thai character', () => {
    const line = `SUMMARY:${'สวัสดิการ'.repeat(10)}`;
    const folded = foldIcsLine(line).split('\r\n');
    expect(folded.length).toBeGreaterThan(1);
    for (const part of folded) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
    expect(folded.map((part, i) => (i === 0 ? part : part.slice(1))).join('')).toBe(line);
  });

  it('renders an all-day event ending the day after its last day (across a month end)', () => {
    const ics = renderEventIcs(event, 'https://banthuek.example/events/7', 'banthuek.example');
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded).toContain('UID:event-7@banthuek.example\r\n');
    expect(unfolded).toContain('DTSTART;VALUE=DATE:20070228\r\n');
    expect(unfolded).toContain('DTEND;VALUE=DATE:20070302\r\n');
    expect(unfolded).toContain('DTSTAMP:20070102T030405Z\r\n');
    expect(unfolded).toContain('LOCATION:หอประชุม จ.นครศรีธรรมราช\r\n');
    expect(unfolded).toContain('DESCRIPTION:ผู้จัด: มหาวิทยาลัย\\n- เช้า\\; บ่าย\\nhttps://banthuek.example/events/7\r\n');
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });
});
