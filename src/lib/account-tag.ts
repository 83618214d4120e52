/**
 * The name a device uses for a member's account ("u<id>"): the service worker keeps signed-in pages
 * in a cache named after it and the outbox files items under it, so one account's pages and queued
 * work never show to another account on the same phone. Sent as ACCOUNT_HEADER on every page and
 * API answer ("-" when signed out) and as data-account in the account menu.
 */
export const ACCOUNT_HEADER = 'x-banthuek-account';
export const SIGNED_OUT_TAG = '-';

export function accountTag(user: { id: number } | null | undefined): string {
  return user ? `u${user.id}` : SIGNED_OUT_TAG;
}
