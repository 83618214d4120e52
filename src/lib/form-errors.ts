/**
 * Form errors keyed by input name ("title", "subGroups.1.name"), one message per input, in the
 * order they were found, so a form shows every mistake at once and links each to its input.
 */
import type { z } from 'zod';

/** The element id of the input named `key`: dots are not usable in a URL fragment selector. */
export function fieldId(key: string): string {
  return key.replace(/\./g, '-');
}

/**
 * One Thai message per input. Row issues carry their input's name in `params.field`
 * (see src/lib/aar-validation.ts); others are keyed by their top-level field.
 */
export function toFormErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const params = 'params' in issue ? (issue.params as { field?: string } | undefined) : undefined;
    const key = params?.field ?? String(issue.path[0] ?? 'form');
    errors[key] ??= issue.message;
  }
  return errors;
}
