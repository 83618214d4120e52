/** The privacy notice's text and the version registration records must not drift apart. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRIVACY_NOTICE_VERSION } from '../../src/lib/privacy.ts';

describe('privacy notice version', () => {
  it('content/legal/privacy.mdx carries PRIVACY_NOTICE_VERSION in its front matter', () => {
    const text = readFileSync(new URL('../../content/legal/privacy.mdx', import.meta.url), 'utf8');
    expect(/^version: (\d+)$/m.exec(text)?.[1]).toBe(String(PRIVACY_NOTICE_VERSION));
  });
});
