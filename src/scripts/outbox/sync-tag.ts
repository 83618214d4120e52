/** The Background Sync tag pages register and the service worker answers by sending the outbox. */
export const SYNC_TAG = 'banthuek-outbox';
