/**
 * "เขียน AAR ของเวทีนี้": an AAR opened from an event page starts with what the event already
 * says (issue 24, point 10): its title, dates, place and hosts. Copying only the title made the
 * first save fail with three errors (date, province, hosts) on a phone.
 */
import { eventFormValues, getEvent } from './event.ts';

/** The AAR form's fields an event fills, by the form's input names. */
export function aarValuesFromEvent(eventId: number): Record<string, string> | undefined {
  const event = getEvent(eventId);
  if (!event) return undefined;
  const values: Record<string, string> = { eventTitle: event.title, ...eventFormValues(event) };
  // An event names no tambon when it is provincial: leave those fields to the writer, not ''.
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ''));
}
