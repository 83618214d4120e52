/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    user: import('./lib/server/user').SessionUser | null;
    session: import('./lib/server/session').Session | null;
    /** Client address, from X-Forwarded-For only when TRUST_PROXY allows it. */
    clientIp: string;
    /** The session cookie as our server parsed it for this request (absent under `astro dev`). */
    sessionToken?: string;
  }
}

/** subset-font (HarfBuzz's subsetter) ships no types; the one call we make. */
declare module 'subset-font' {
  export default function subsetFont(
    font: Buffer,
    text: string,
    options?: { targetFormat?: 'woff2' | 'woff' | 'truetype' | 'sfnt' },
  ): Promise<Buffer>;
}
