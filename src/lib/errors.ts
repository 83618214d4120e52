/**
 * Errors the domain raises on purpose. Each carries the HTTP status it maps to and a Thai
 * sentence for the user; routes turn them into pages or JSON `{error, fields?}` without guessing.
 * NOTE: it lives here, outside src/lib/server, because code of both sides raises it too (the
 * Markdown output budget, markdown-output-budget.ts); src/lib/server/errors.ts re-exports it.
 */
export class DomainError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 412 | 413 | 415 | 422 | 429,
    message: string,
    readonly fields?: Record<string, string>,
    /** For 429: how long until the caller may try again (sent as Retry-After). */
    readonly retryAfterMs?: number,
    /** Machine-readable facts for JSON callers, sent beside `error` (e.g. the quota left on a 413). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
