/**
 * Which pages the service worker keeps for reading offline, and in which cache. Pure, so it is
 * unit-tested. Signed-in pages are kept per account (cache `banthuek-pages-<account>`): a page kept
 * for one account is never served to another, and an account change or signing out deletes them.
 */
import { SIGNED_OUT_TAG } from '../lib/account-tag.ts';

const PAGES_CACHE_PREFIX = 'banthuek-pages-';
/** Recently read notes and the editor pages kept per account (about 10 MB at ~150 KB a page). */
export const MAX_KEPT_PAGES = 60;
export const MAX_KEPT_PAGE_AGE_SECONDS = 30 * 24 * 60 * 60;
/** Pages fetched for offline use as soon as an account is known (the editor, the AAR form, the outbox, home). */
export const WARM_PATHS = ['/', '/notes/new', '/aar/new', '/outbox'];

/** Pages worth having offline: home, the editors, the AAR form, notes, the outbox. Nothing else (settings, admin, search…). */
const KEPT = [
  /^\/$/,
  /^\/notes\/new$/,
  /^\/notes\/\d{1,15}(\/[^/]*)?$/,
  /^\/notes\/\d{1,15}\/edit$/,
  /^\/aar\/new$/,
  /^\/aar\/\d{1,15}\/edit$/,
  /^\/outbox$/,
];

export function isKeptPage(pathname: string): boolean {
  return KEPT.some((pattern) => pattern.test(pathname));
}

/** The cache holding `account`'s pages ("-" for signed out). */
export function pagesCacheName(account: string): string {
  return PAGES_CACHE_PREFIX + (/^(u\d{1,15}|-)$/.test(account) ? account : SIGNED_OUT_TAG);
}

/** The page caches to delete when the device's account becomes `account`: every other account's. */
export function cachesToClear(names: readonly string[], account: string): string[] {
  const keep = pagesCacheName(account);
  return names.filter((name) => name.startsWith(PAGES_CACHE_PREFIX) && name !== keep);
}

/** Marks a page served from the device: the layout's script shows "อ่านแบบออฟไลน์ · บันทึกไว้เมื่อ …". */
export function markSavedCopy(html: string, savedAt: string): string {
  return html.replace(/<html\b/, `<html data-offline-saved="${savedAt.replace(/[^0-9TZ:.+-]/g, '')}"`);
}
