/**
 * How far the replica is behind, from two things we can see without asking Litestream: when the
 * local WAL file last changed, and when Litestream last logged "wal segment written". Litestream
 * copies the WAL into its shadow copy about once a second and ships that, so a sync at time S holds
 * every write made before S - SHADOW_SLACK_MS; a write closer to S may be in the next segment. When
 * no further segment comes although Litestream is healthy, there was nothing more to ship.
 */

/** Litestream's monitor loop copies the WAL once a second; a sync may hold writes up to that old. */
export const SHADOW_SLACK_MS = 1_000;
/** Litestream ships new frames within monitor + sync interval (about 2 s); silence longer than this means nothing is left. */
export const QUIET_MS = 3_000;

export class ReplicationLag {
  private lastWriteAt: number | null = null;
  private lastReplicatedAt: number | null = null;
  /** The oldest local write the replica may not have; null when it has everything. */
  private pendingSince: number | null = null;

  /** The local WAL file's modification time, polled about once a second. */
  observeWrite(walMtimeMs: number): void {
    if (this.lastWriteAt !== null && walMtimeMs <= this.lastWriteAt) return;
    this.lastWriteAt = walMtimeMs;
    this.pendingSince ??= walMtimeMs;
  }

  /** Litestream logged a WAL segment or snapshot written to the replica at `at`. */
  observeReplicated(at: number): void {
    this.lastReplicatedAt = at;
    const certain = at - SHADOW_SLACK_MS;
    if (this.pendingSince === null || this.lastWriteAt === null) return;
    if (this.lastWriteAt <= certain) this.pendingSince = null;
    else this.pendingSince = Math.max(this.pendingSince, certain);
  }

  /** Seconds of writes the replica may be missing; `healthy`: Litestream running and not failing. */
  lagSeconds(now: number, healthy: boolean): number {
    if (this.pendingSince === null) return 0;
    const quiet = this.lastWriteAt !== null && now - this.lastWriteAt > QUIET_MS;
    if (healthy && quiet && this.lastReplicatedAt !== null && this.lastReplicatedAt >= this.lastWriteAt!) {
      this.pendingSince = null; // shipped in the last segment, and nothing newer came
      return 0;
    }
    return Math.max(0, Math.round((now - this.pendingSince) / 100) / 10);
  }

  times(): { lastWriteAt: number | null; lastReplicatedAt: number | null } {
    return { lastWriteAt: this.lastWriteAt, lastReplicatedAt: this.lastReplicatedAt };
  }
}
