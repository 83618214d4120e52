/**
 * Short invitation links (issue 24): `/i/<token>`, 35 ASCII characters of path, instead of the
 * community's percent-encoded Thai slug plus the token (300+ characters). The long form
 * (`/communities/<slug>/join?invitation=<token>`) keeps working; the short one redirects to it.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { eq } from 'drizzle-orm';
import { getDb } from '~db/client.ts';
import { communities, communityInvitations } from '~db/schema.ts';
import { communityPath } from './community.ts';

// NOTE: the same hash as community-membership.ts stores (kept apart so this file stays a leaf).
const hashToken = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
/** A link token: 20 random bytes in lower-case base32 (see createInvitation). */
const TOKEN = /^[a-z2-7]{32}$/;

export const invitationLinkPath = (token: string) => `/i/${token}`;

/**
 * Where a short link leads: the community's join page carrying the token, or undefined for a token
 * no invitation has. Revoked and expired invitations still lead there: the join page says why.
 */
export function invitationJoinPath(token: string): string | undefined {
  if (!TOKEN.test(token)) return undefined;
  const row = getDb()
    .select({ slug: communities.slug })
    .from(communityInvitations)
    .innerJoin(communities, eq(communities.id, communityInvitations.communityId))
    .where(eq(communityInvitations.tokenHash, hashToken(token)))
    .get();
  return row && `${communityPath(row.slug)}/join?invitation=${token}`;
}
