/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    user: import('./lib/server/user').SessionUser | null;
    session: import('./lib/server/session').Session | null;
    /** Client address, from X-Forwarded-For only when TRUST_PROXY allows it. */
    clientIp: string;
  }
}
