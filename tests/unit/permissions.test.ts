/**
 * The role × action × owner matrix for can(). Each row is one scenario; each cell is two letters:
 * the answer for someone else's thing, then for the caller's own thing ("y" allowed, "-" refused).
 */
import { describe, expect, it } from 'vitest';
import { ACTIONS, can, type Action, type Resource } from '~/lib/server/permissions.ts';
import type { SessionUser } from '~/lib/server/user.ts';
import type { Role } from '~db/schema.ts';

const CALLER_ID = 7;
const OTHER_ID = 99;

const WHO = ['anonymous', 'member', 'organiser', 'moderator', 'admin', 'suspended member', 'suspended admin'] as const;
type Who = (typeof WHO)[number];

function userFor(who: Who): SessionUser | null {
  if (who === 'anonymous') return null;
  const suspended = who.startsWith('suspended ');
  const role = who.replace('suspended ', '') as Role;
  return { id: CALLER_ID, username: 'caller', displayName: 'ผู้เรียก', role, suspended };
}

/** The resource as the caller's own (owner) or someone else's (not owner). */
type Scenario = [label: string, action: Action, build: (ownerId: number) => Resource, cells: string];

const published = (ownerId: number): Resource => ({ authorId: ownerId, status: 'published' });
const comment = (ownerId: number): Resource => ({ authorId: ownerId, noteAuthorId: OTHER_ID });
const onNoteOf = (noteAuthorId: number): Resource => ({ authorId: OTHER_ID, noteAuthorId });
const target =
  (role: Role) =>
  (ownerId: number): Resource => ({ authorId: ownerId, ownerRole: role });

// prettier-ignore
const MATRIX: Scenario[] = [
  //  scenario                          action                   resource                                   anon member organiser moderator admin susp.m susp.a
  ['read published note',              'note:read',             published,                                 'yy yy yy yy yy yy yy'],
  ['read draft',                       'note:read',             (o) => ({ authorId: o, status: 'draft' }), '-- -y -y -y -y -- --'],
  ['read hidden note',                 'note:read',             (o) => ({ ...published(o), hidden: true }), '-- -y -y yy yy -- --'],
  ['read deleted note',                'note:read',             (o) => ({ ...published(o), deleted: true }), '-- -- -- -- -- -- --'],
  ['create note',                      'note:create',           published,                                 '-- yy yy yy yy -- --'],
  ['edit note',                        'note:edit',             published,                                 '-- -y -y -y -y -- --'],
  ['edit deleted note',                'note:edit',             (o) => ({ ...published(o), deleted: true }), '-- -- -- -- -- -- --'],
  ['delete note',                      'note:delete',           published,                                 '-- -y -y yy yy -- --'],
  ['undo own delete of note',          'note:undelete',         (o) => ({ ...published(o), deleted: true, deletedById: o }), '-- -y -y yy yy -- --'],
  ["undo a moderator's delete of note", 'note:undelete',        (o) => ({ ...published(o), deleted: true, deletedById: 555 }), '-- -- -- yy yy -- --'],
  ['undo delete of a live note',       'note:undelete',         published,                                 '-- -- -- -- -- -- --'],
  ['hide/restore note',                'note:hide',             published,                                 '-- -- -- yy yy -- --'],
  ['report note',                      'note:report',           published,                                 '-- y- y- y- y- -- --'],
  ['read comment',                     'comment:read',          comment,                                   'yy yy yy yy yy yy yy'],
  ['read pending comment',             'comment:read',          (o) => ({ ...comment(o), pending: true }), '-- -y -y yy yy -- --'],
  ['read hidden comment (own note)',   'comment:read',          (o) => ({ ...onNoteOf(o), hidden: true }), '-- -y -y yy yy -- --'],
  ['create comment',                   'comment:create',        comment,                                   '-- yy yy yy yy -- --'],
  ['edit comment',                     'comment:edit',          comment,                                   '-- -y -y -y -y -- --'],
  ['delete comment',                   'comment:delete',        comment,                                   '-- -y -y yy yy -- --'],
  ['undo own delete of comment',       'comment:undelete',      (o) => ({ ...comment(o), deleted: true, deletedById: o }), '-- -y -y yy yy -- --'],
  ["undo a moderator's delete (comment)", 'comment:undelete',   (o) => ({ ...comment(o), deleted: true, deletedById: 555 }), '-- -- -- yy yy -- --'],
  ['hide comment (on own note)',       'comment:hide',          onNoteOf,                                  '-- -y -y yy yy -- --'],
  ['hide pending comment (own note)',  'comment:hide',          (o) => ({ ...onNoteOf(o), pending: true }), '-- -- -- yy yy -- --'],
  ['restore comment I hid (own note)', 'comment:restore',      (o) => ({ ...onNoteOf(o), hidden: true }), '-- -y -y yy yy -- --'],
  ['restore comment a moderator hid',  'comment:restore',       (o) => ({ ...onNoteOf(o), hidden: true, hiddenByModerator: true }), '-- -- -- yy yy -- --'],
  ['approve pending comment',          'comment:approve',       (o) => ({ ...comment(o), pending: true }), '-- -- -- yy yy -- --'],
  ['report comment',                   'comment:report',        comment,                                   '-- y- y- y- y- -- --'],
  ['comment without approval',         'comment:skip-approval', comment,                                   '-- -- yy yy yy -- --'],
  ['write AAR (anyone who took part)', 'aar:create',            published,                                 '-- yy yy yy yy -- --'],
  ['accept an answer (own question)',  'question:accept',       published,                                 '-- -y -y yy yy -- --'],
  ['knowledge asset, member',          'asset:create',          () => ({ ownerId: OTHER_ID, isMember: true }), '-- yy yy yy yy -- --'],
  ['knowledge asset, not a member',    'asset:create',          () => ({ ownerId: OTHER_ID, isMember: false }), '-- -- -- -- -- -- --'],
  ['edit an asset, member',            'asset:edit',            () => ({ ownerId: OTHER_ID, isMember: true }), '-- yy yy yy yy -- --'],
  ['edit an asset, archived',          'asset:edit',            () => ({ ownerId: OTHER_ID, isMember: true, archived: true }), '-- -- -- -- -- -- --'],
  ['applied it, member',               'asset:apply',           () => ({ ownerId: OTHER_ID, isMember: true }), '-- yy yy yy yy -- --'],
  ['undo an asset revision (manager)', 'asset:undo',            (o) => ({ ownerId: OTHER_ID, isManager: o === CALLER_ID }), '-- -y -y yy yy -- --'],
  ['KM report (community manager)',    'report:km',             (o) => ({ ownerId: OTHER_ID, isManager: o === CALLER_ID }), '-- -y -y -y yy -- --'],
  ['create community',                 'community:create',      published,                                 '-- yy yy yy yy -- --'],
  ['file note into own community',     'community:file-note',   (o) => ({ authorId: o, isMember: true }),  '-- -y -y -y -y -- --'],
  ['file note, not a member',          'community:file-note',   (o) => ({ authorId: o, isMember: false }), '-- -- -- -- -- -- --'],
  ['remove note from community (note)', 'community:remove-note', (o) => ({ authorId: o, ownerId: OTHER_ID }), '-- -y -y yy yy -- --'],
  ['remove note (community owner)',    'community:remove-note', (o) => ({ authorId: OTHER_ID, ownerId: o }), '-- -y -y yy yy -- --'],
  ['remove note (community manager)',  'community:remove-note', (o) => ({ authorId: OTHER_ID, ownerId: OTHER_ID, isManager: o === CALLER_ID }), '-- -y -y yy yy -- --'],
  ['remove note, archived community',  'community:remove-note', (o) => ({ authorId: o, ownerId: o, archived: true }), '-- -- -- yy yy -- --'],
  ['file note, archived community',    'community:file-note',   (o) => ({ authorId: o, isMember: true, archived: true }), '-- -- -- -- -- -- --'],
  ['rename/archive/hand over',         'community:edit',        (o) => ({ ownerId: o }),                   '-- -y -y -y yy -- --'],
  ['un-archive (owner)',               'community:edit',        (o) => ({ ownerId: o, archived: true }),   '-- -y -y -y yy -- --'],
  ['approve, pin, invite (owner)',     'community:manage',      (o) => ({ ownerId: o }),                   '-- -y -y -y -y -- --'],
  ['approve, pin, invite (manager)',   'community:manage',      (o) => ({ ownerId: OTHER_ID, isManager: o === CALLER_ID }), '-- -y -y -y -y -- --'],
  ['manage an archived community',     'community:manage',      (o) => ({ ownerId: o, archived: true }),   '-- -- -- -- -- -- --'],
  ['join an open community',           'community:join',        () => ({ joinPolicy: 'open' }),            '-- yy yy yy yy -- --'],
  ['join invite-only, no invitation',  'community:join',        (o) => ({ joinPolicy: 'invite', ownerId: o }), '-- -y -y -y -y -- --'],
  ['join invite-only with invitation', 'community:join',        () => ({ joinPolicy: 'invite', hasInvitation: true }), '-- yy yy yy yy -- --'],
  ['join by request (asks instead)',   'community:join',        () => ({ joinPolicy: 'request' }),         '-- -- -- -- -- -- --'],
  ['join an archived community',       'community:join',        () => ({ joinPolicy: 'open', archived: true }), '-- -- -- -- -- -- --'],
  ['ask to join (request policy)',     'community:request-join', () => ({ joinPolicy: 'request' }),        '-- yy yy yy yy -- --'],
  ['ask to join an open community',    'community:request-join', () => ({ joinPolicy: 'open' }),           '-- -- -- -- -- -- --'],
  ['create event on its own',          'event:create',          () => ({}),                                '-- yy yy yy yy -- --'],
  ['create event in a community',      'event:create',          (o) => ({ inCommunity: true, isMember: o === CALLER_ID }), '-- -y -y -y -y -- --'],
  ['create event, archived community', 'event:create',          () => ({ inCommunity: true, isMember: true, archived: true }), '-- -- -- -- -- -- --'],
  ['edit event / mark official AAR',   'event:edit',            (o) => ({ authorId: o }),                  '-- -y -y yy yy -- --'],
  ['edit event (community manager)',   'event:edit',            (o) => ({ authorId: OTHER_ID, inCommunity: true, ownerId: OTHER_ID, isManager: o === CALLER_ID }), '-- -y -y yy yy -- --'],
  ['edit event, archived community',   'event:edit',            (o) => ({ authorId: o, inCommunity: true, archived: true }), '-- -- -- yy yy -- --'],
  ['attend event',                     'event:attend',          () => ({}),                                '-- yy yy yy yy -- --'],
  ['follow',                           'follow',                published,                                 '-- yy yy yy yy -- --'],
  ['appreciate a note or comment',     'appreciate',            published,                                 '-- y- y- y- y- -- --'],
  ['bookmark a note',                  'bookmark',              published,                                 '-- yy yy yy yy -- --'],
  ['create a series',                  'series:create',         published,                                 '-- yy yy yy yy -- --'],
  ['edit a series',                    'series:edit',           published,                                 '-- -y -y -y -y -- --'],
  ['upload image',                     'upload:create',         published,                                 '-- yy yy yy yy -- --'],
  ['delete upload',                    'upload:delete',         (o) => ({ authorId: o }),                  '-- -y -y yy yy -- --'],
  ['see files of hidden content',      'upload:read-withheld',  (o) => ({ authorId: o }),                  '-- -y -y yy yy -- --'],
  ['edit profile',                     'profile:edit',          target('member'),                          '-- -y -y -y -y -- --'],
  ['suspend a member',                 'user:suspend',          target('member'),                          '-- -- -- y- y- -- --'],
  ['suspend an organiser',             'user:suspend',          target('organiser'),                       '-- -- -- y- y- -- --'],
  ['suspend a moderator',              'user:suspend',          target('moderator'),                       '-- -- -- -- y- -- --'],
  ['suspend an admin',                 'user:suspend',          target('admin'),                           '-- -- -- -- -- -- --'],
  ['change roles',                     'user:set-role',         target('member'),                          '-- -- -- -- y- -- --'],
  ['open moderation queue',            'moderate',              published,                                 '-- -- -- yy yy -- --'],
  ['read audit log',                   'audit:read',            published,                                 '-- -- -- -- yy -- --'],
  ['read failed outgoing mail',        'mail:read-outbox',      published,                                 '-- -- -- -- yy -- --'],
  ['admin pages',                      'admin',                 published,                                 '-- -- -- -- yy -- --'],
];

describe('can(): role × action × owner matrix', () => {
  const cases = MATRIX.flatMap(([label, action, build, cells]) => {
    const pairs = cells.split(' ');
    expect(pairs).toHaveLength(WHO.length);
    return WHO.flatMap((who, i) => [
      { label, action, who, owner: false, resource: build(OTHER_ID), expected: pairs[i]![0] === 'y' },
      { label, action, who, owner: true, resource: build(CALLER_ID), expected: pairs[i]![1] === 'y' },
    ]);
  });

  it.each(cases)('$who · $label · owner=$owner → $expected', ({ action, who, resource, expected }) => {
    expect(can(userFor(who), action, resource)).toBe(expected);
  });

  it('covers every action', () => {
    const covered = new Set(MATRIX.map(([, action]) => action));
    expect(ACTIONS.filter((a) => !covered.has(a))).toEqual([]);
  });

  it('a suspended account may do no more than an anonymous visitor', () => {
    for (const [, action, build] of MATRIX) {
      for (const ownerId of [OTHER_ID, CALLER_ID]) {
        for (const who of ['suspended member', 'suspended admin'] as const) {
          if (can(userFor(who), action, build(ownerId))) expect(can(null, action, build(ownerId))).toBe(true);
        }
      }
    }
  });
});
