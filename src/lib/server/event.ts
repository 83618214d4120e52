/**
 * Events (เวที, อบรม, workshops), inside a community or on their own: a place (province, and
 * district and tambon when the event names them), hosts and partners, a programme in Markdown
 * (rendered and sanitised on write, like a note), attendees who mark "ฉันเข้าร่วม", and the notes
 * and AARs written about it. An event manager (its creator, its community's managers, a moderator)
 * edits it and marks the organisers' official AAR, which the event page shows first.
 */
import { formatThaiDateInput } from '../thai-date.ts';
import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { writeTransaction } from './write-transaction.ts';
import { communities, eventAttendees, events, notes, users } from '~db/schema.ts';
import type { EventInput, EventPatch } from '../event-validation.ts';
import { renderNoteMarkdown } from '../markdown.ts';
import { writeAudit } from './audit.ts';
import { communityResource } from './community-access.ts';
import { requireCommunity } from './community.ts';
import { DomainError, forbidden, needLogin, notFound } from './errors.ts';
import { getNoteRow, isPublicNote, NOTES_PER_PAGE, pageOf, type NoteSummary } from './note.ts';
import { listOrder, readKeysetPage, type KeysetList, type Page } from './keyset-page.ts';
import type { ListPosition } from '../list-position.ts';
import { can, type Resource } from './permissions.ts';
import { resolvePlaceScope } from './places.ts';
import { RATE_LIMITS, enforceRateLimit, enforceReactionLimit } from './rate-limit.ts';
import type { SessionUser } from './user.ts';

export type EventRow = typeof events.$inferSelect;

export const eventPath = (id: number) => `/events/${id}`;

export function getEvent(id: number): EventRow | undefined {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  return getDb().select().from(events).where(eq(events.id, id)).get();
}

/** The event, or a 404 in Thai. */
export function requireEvent(id: number): EventRow {
  const row = getEvent(id);
  if (!row) throw notFound('เวทีนี้');
  return row;
}

/** Parses an /events/<id> path segment (404 when it is not an id). */
export function parseEventId(raw: string | undefined): number {
  const id = /^\d{1,15}$/.test(raw ?? '') ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound('เวทีนี้');
  return id;
}

/** The community an event belongs to, if any. */
/** An event's dates, place and people as form fields (Thai dates as typed): the event edit form and an AAR started from it both begin here. */
export function eventFormValues(event: EventRow): Record<string, string> {
  return {
    startDate: formatThaiDateInput(event.startDate),
    endDate: event.endDate ? formatThaiDateInput(event.endDate) : '',
    provinceCode: event.provinceCode,
    districtCode: event.districtCode,
    subdistrictCode: event.subdistrictCode,
    venue: event.venue,
    hosts: event.hosts,
    partners: event.partners,
  };
}

export function getEventCommunity(event: Pick<EventRow, 'communityId'>) {
  if (event.communityId == null) return undefined;
  return getDb().select().from(communities).where(eq(communities.id, event.communityId)).get();
}

/** The event as a `can()` resource: its creator, and its community's standing of the user. */
export function eventResource(userId: number | undefined, event: EventRow): Resource {
  const community = getEventCommunity(event);
  return { authorId: event.createdById, ...(community ? { ...communityResource(userId, community), inCommunity: true } : {}) };
}

function placeAndProgramme(
  input: Pick<EventInput, 'provinceCode' | 'districtCode' | 'subdistrictCode'> & { programme?: string | undefined },
) {
  return {
    ...resolvePlaceScope(input.provinceCode, input.districtCode, input.subdistrictCode),
    ...(input.programme !== undefined
      ? { programmeMarkdown: input.programme, programmeHtml: input.programme ? renderNoteMarkdown(input.programme) : '' }
      : {}),
  };
}

/** Creates an event, on its own or (as a member) inside a community that is not archived. */
export function createEvent(user: SessionUser | null, input: EventInput): { id: number } {
  if (!user) throw needLogin();
  const community = input.communitySlug ? requireCommunity(input.communitySlug) : undefined;
  const resource = community ? { ...communityResource(user.id, community), inCommunity: true } : {};
  if (!can(user, 'event:create', resource)) {
    if (!community) throw forbidden('บัญชีของคุณสร้างเวทีไม่ได้ในขณะนี้');
    throw forbidden(
      community.archivedAt
        ? `ชุมชน "${community.name}" ถูกเก็บเข้าคลังแล้ว (อ่านอย่างเดียว)`
        : `เข้าร่วมชุมชน "${community.name}" ก่อน จึงจะสร้างเวทีในชุมชนได้`,
    );
  }
  enforceRateLimit(`event:user:${user.id}`, RATE_LIMITS.eventPerUser);
  const fields = placeAndProgramme(input); // renders the programme: before the transaction, never under the write lock
  const db = getDb();
  return writeTransaction(() => {
    const row = db
      .insert(events)
      .values({
        communityId: community?.id ?? null,
        createdById: user.id,
        title: input.title,
        startDate: input.startDate!,
        endDate: input.endDate,
        venue: input.venue,
        hosts: input.hosts,
        partners: input.partners,
        ...fields,
      })
      .returning({ id: events.id })
      .get();
    writeAudit({ actorId: user.id, action: 'event:create', targetType: 'event', targetId: row.id, detail: input.title });
    if (community)
      writeAudit({
        actorId: user.id,
        action: 'event:create',
        targetType: 'community',
        targetId: community.id,
        detail: `เวที #${row.id} ${input.title}`,
      });
    return { id: row.id };
  });
}

function requireEventManager(user: SessionUser | null, event: EventRow): SessionUser {
  if (!user) throw needLogin();
  if (!can(user, 'event:edit', eventResource(user.id, event))) throw forbidden('แก้ไขเวทีได้เฉพาะผู้สร้างเวที ผู้ดูแลชุมชนของเวที หรือผู้ดูแลระบบ');
  return user;
}

/** An event manager edits the event. */
export function updateEvent(actor: SessionUser | null, event: EventRow, patch: EventPatch): EventRow {
  const user = requireEventManager(actor, event);
  if (Object.values(patch).every((v) => v === undefined)) throw new DomainError(400, 'ไม่มีข้อมูลที่จะแก้ไข กรุณาระบุอย่างน้อยหนึ่งช่อง เช่น title');
  const startDate = patch.startDate ?? event.startDate;
  const endDate = patch.endDate !== undefined ? patch.endDate : event.endDate;
  if (endDate && endDate < startDate) throw new DomainError(400, 'วันสุดท้ายต้องไม่ก่อนวันที่เริ่ม', { endDate: 'วันสุดท้ายต้องไม่ก่อนวันที่เริ่ม' });
  const placeGiven = patch.provinceCode !== undefined || patch.districtCode !== undefined || patch.subdistrictCode !== undefined;
  const place = placeGiven ? resolvePlaceScope(patch.provinceCode ?? '', patch.districtCode ?? '', patch.subdistrictCode ?? '') : {};
  // Rendered before the transaction: never under the write lock.
  const programme =
    patch.programme !== undefined
      ? { programmeMarkdown: patch.programme, programmeHtml: patch.programme ? renderNoteMarkdown(patch.programme) : '' }
      : {};
  const db = getDb();
  return writeTransaction(() => {
    db.update(events)
      .set({
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        startDate,
        endDate,
        ...(patch.venue !== undefined ? { venue: patch.venue } : {}),
        ...(patch.hosts !== undefined ? { hosts: patch.hosts } : {}),
        ...(patch.partners !== undefined ? { partners: patch.partners } : {}),
        ...place,
        ...programme,
        updatedAt: new Date(),
      })
      .where(eq(events.id, event.id))
      .run();
    writeAudit({
      actorId: user.id,
      action: 'event:update',
      targetType: 'event',
      targetId: event.id,
      detail: Object.keys(patch)
        .filter((k) => patch[k as keyof EventPatch] !== undefined)
        .join(', '),
    });
    return db.select().from(events).where(eq(events.id, event.id)).get()!;
  });
}

/** An event manager marks one of the event's public AARs as the organisers' official AAR (null clears it). */
export function setOfficialAar(actor: SessionUser | null, event: EventRow, noteId: number | null): void {
  const user = requireEventManager(actor, event);
  if (noteId !== null) {
    const note = getNoteRow(noteId);
    if (!note || note.kind !== 'aar' || note.eventId !== event.id || note.status !== 'published' || note.deletedAt || note.hiddenAt) {
      throw new DomainError(400, 'เลือกได้เฉพาะ AAR ที่เผยแพร่แล้วและเชื่อมกับเวทีนี้', { noteId: 'เลือกได้เฉพาะ AAR ของเวทีนี้' });
    }
  }
  writeTransaction(() => {
    getDb().update(events).set({ officialAarId: noteId, updatedAt: new Date() }).where(eq(events.id, event.id)).run();
    writeAudit({
      actorId: user.id,
      action: 'event:official-aar',
      targetType: 'event',
      targetId: event.id,
      detail: noteId === null ? 'ยกเลิก' : `AAR #${noteId}`,
    });
  });
}

/** Marks (or unmarks) the user as attending. Idempotent. */
export function setAttending(user: SessionUser | null, event: EventRow, attending: boolean): number {
  if (!user) throw needLogin();
  if (!can(user, 'event:attend', eventResource(user.id, event))) throw forbidden('บัญชีของคุณลงชื่อเข้าร่วมไม่ได้ในขณะนี้');
  enforceReactionLimit(user.id);
  const db = getDb();
  if (attending) db.insert(eventAttendees).values({ eventId: event.id, userId: user.id }).onConflictDoNothing().run();
  else
    db.delete(eventAttendees)
      .where(and(eq(eventAttendees.eventId, event.id), eq(eventAttendees.userId, user.id)))
      .run();
  return countAttendees(event.id);
}

export function countAttendees(eventId: number): number {
  return getDb().select({ n: count() }).from(eventAttendees).where(eq(eventAttendees.eventId, eventId)).get()?.n ?? 0;
}

export function isAttending(userId: number | undefined, eventId: number): boolean {
  if (userId === undefined) return false;
  return !!getDb()
    .select({ u: eventAttendees.userId })
    .from(eventAttendees)
    .where(and(eq(eventAttendees.eventId, eventId), eq(eventAttendees.userId, userId)))
    .get();
}

/** Attendees in the order they signed up. */
export function listAttendees(eventId: number, limit = 500): { username: string; displayName: string }[] {
  return getDb()
    .select({ username: users.username, displayName: users.displayName })
    .from(eventAttendees)
    .innerJoin(users, eq(users.id, eventAttendees.userId))
    .where(eq(eventAttendees.eventId, eventId))
    .orderBy(asc(eventAttendees.createdAt), asc(users.id))
    .limit(limit)
    .all();
}

const ofEvent = (eventId: number) => and(isPublicNote, eq(notes.eventId, eventId))!;

/** Public notes and AARs about the event, newest first: a page by number or by cursor (notes_event_idx). */
export function listEventNotes(eventId: number, position: ListPosition | number = 1, perPage = NOTES_PER_PAGE): Page<NoteSummary> {
  return pageOf(ofEvent(eventId), position, perPage);
}

/** How many public notes and AARs are about the event. */
export function countEventNotes(eventId: number): { notes: number; aars: number } {
  // Two sums in one pass over notes_event_idx (a GROUP BY kind would sort in a temp B-tree).
  const row = getDb()
    .select({ notes: sql<number>`coalesce(sum(${notes.kind} = 'note'), 0)`, aars: sql<number>`coalesce(sum(${notes.kind} = 'aar'), 0)` })
    .from(notes)
    .where(ofEvent(eventId))
    .get();
  return { notes: row?.notes ?? 0, aars: row?.aars ?? 0 };
}

export interface EventSummary {
  id: number;
  title: string;
  startDate: string;
  endDate: string | null;
  provinceName: string;
  districtName: string;
  subdistrictName: string;
  noteCount: number;
}

const summaryColumns = {
  id: events.id,
  title: events.title,
  startDate: events.startDate,
  endDate: events.endDate,
  provinceName: events.provinceName,
  districtName: events.districtName,
  subdistrictName: events.subdistrictName,
  // NOTE: events.id spelled out: drizzle writes ${events.id} as a bare "id", which inside would mean notes.id.
  noteCount: sql<number>`(SELECT count(*) FROM notes WHERE notes.event_id = events.id AND ${isPublicNote})`,
};

/** Events, newest date first; only a community's when `communityId` is given. */
export function listEvents(options: { communityId?: number; limit?: number } = {}): EventSummary[] {
  const query = getDb().select(summaryColumns).from(events).$dynamic();
  if (options.communityId !== undefined) query.where(eq(events.communityId, options.communityId));
  return query
    .orderBy(desc(events.startDate), desc(events.id))
    .limit(options.limit ?? 100)
    .all();
}

/** Events on one page of /events: few enough that the note count of each stays cheap (one notes_event_idx range each). */
export const EVENTS_PER_PAGE = 20;

/** All events, or a community's, as a list read by keyset (keyset-page.ts) over events_start_idx or events_community_idx. */
function eventList(communityId: number | undefined): KeysetList {
  const db = getDb();
  const inCommunity = communityId === undefined ? undefined : eq(events.communityId, communityId);
  return {
    key: `events:${communityId ?? ''}`,
    sort: events.startDate,
    id: events.id,
    sortOf: (id) => db.select({ value: events.startDate }).from(events).where(eq(events.id, id)).get()?.value,
    ids: (range, ascending) =>
      db
        .select({ id: events.id })
        .from(events)
        .where(and(inCommunity, range))
        .orderBy(...listOrder(events.startDate, events.id, ascending))
        .$dynamic(),
  };
}

function loadEventSummaries(ids: number[]): EventSummary[] {
  const byId = new Map(
    getDb()
      .select(summaryColumns)
      .from(events)
      .where(inArray(events.id, ids))
      .all()
      .map((e) => [e.id, e]),
  );
  return ids.map((id) => byId.get(id)).filter((e) => e !== undefined);
}

/**
 * Events newest date first, every one reachable: a page by number or by cursor (`?before=`/`?after=<event id>`,
 * docs/decisions/1704); only a community's when `communityId` is given.
 */
export function listEventPage(position: ListPosition, options: { communityId?: number; perPage?: number } = {}): Page<EventSummary> {
  return readKeysetPage(eventList(options.communityId), position, options.perPage ?? EVENTS_PER_PAGE, loadEventSummaries);
}

/** Events whose title contains `text` (search page: events findable by name). */
export function findEventsByName(text: string, limit = 10): EventSummary[] {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return getDb()
    .select(summaryColumns)
    .from(events)
    .where(sql`${events.title} LIKE ${pattern} ESCAPE '\\'`)
    .orderBy(desc(events.startDate))
    .limit(limit)
    .all();
}

/** Title of an event for a link on a note page, or undefined. */
export function getEventTitle(eventId: number | null): { id: number; title: string } | undefined {
  if (eventId == null) return undefined;
  return getDb().select({ id: events.id, title: events.title }).from(events).where(eq(events.id, eventId)).get();
}

export interface EventNotes {
  /** The organisers' official AAR when it is public, shown first. */
  official: NoteSummary | undefined;
  /** Every other public note and AAR about the event, newest first. */
  others: Page<NoteSummary>;
  counts: { notes: number; aars: number };
}

/** What the event page gathers: the official AAR first, then the rest newest first (a page by number or cursor), with counts. */
export function gatherEventNotes(event: EventRow, position: ListPosition | number = 1): EventNotes {
  const officialId = event.officialAarId;
  const where = officialId == null ? ofEvent(event.id) : and(ofEvent(event.id), sql`${notes.id} <> ${officialId}`)!;
  const official = officialId == null ? undefined : pageOf(and(ofEvent(event.id), eq(notes.id, officialId))!, 1, 1).items[0];
  return { official, others: pageOf(where, position, NOTES_PER_PAGE), counts: countEventNotes(event.id) };
}
