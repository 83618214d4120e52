/**
 * An event as an iCalendar file (RFC 5545) for calendar apps: one all-day VEVENT over the event's
 * dates (DTEND is the day after the last day, as the standard wants for dates).
 */
import { formatPlace } from './places.ts';
import type { EventRow } from './event.ts';

const MAX_LINE_OCTETS = 75;

/** Escapes a TEXT value: backslash, semicolon, comma and newlines. */
export function escapeIcsText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line at 75 octets without splitting a UTF-8 character (Thai letters are 3 octets). */
export function foldIcsLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    const limit = parts.length === 0 ? MAX_LINE_OCTETS : MAX_LINE_OCTETS - 1; // continuation lines start with a space
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const icsDate = (isoDate: string) => isoDate.replace(/-/g, '');

function dayAfter(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

const stamp = (date: Date) =>
  date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** The .ics text of one event; `url` is the event page's absolute address, `host` names the UID's domain. */
export function renderEventIcs(event: EventRow, url: string, host: string): string {
  const location = [event.venue, formatPlace(event)].filter(Boolean).join(' ');
  const description = [event.hosts && `ผู้จัด: ${event.hosts}`, event.partners && `ภาคีร่วม: ${event.partners}`, event.programmeMarkdown, url]
    .filter(Boolean)
    .join('\n');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Banthuek//Events//TH',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:event-${event.id}@${host}`,
    `DTSTAMP:${stamp(event.updatedAt)}`,
    `DTSTART;VALUE=DATE:${icsDate(event.startDate)}`,
    `DTEND;VALUE=DATE:${icsDate(dayAfter(event.endDate ?? event.startDate))}`,
    `SUMMARY:${escapeIcsText(event.title)}`,
    ...(location ? [`LOCATION:${escapeIcsText(location)}`] : []),
    `DESCRIPTION:${escapeIcsText(description)}`,
    `URL:${url}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(foldIcsLine).join('\r\n')}\r\n`;
}
