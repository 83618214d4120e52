/**
 * A least-recently-used map bounded by entry count and by total bytes (a Map keeps insertion
 * order, so re-inserting on every hit makes the first key the least recently used).
 */
export class LruCache<V> {
  private entries = new Map<string, { value: V; bytes: number }>();
  private totalBytes = 0;

  constructor(private readonly maxEntries: number, private readonly maxBytes: number) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, bytes: number): void {
    if (bytes > this.maxBytes) return;
    this.delete(key);
    this.entries.set(key, { value, bytes });
    this.totalBytes += bytes;
    while (this.entries.size > this.maxEntries || this.totalBytes > this.maxBytes) {
      const oldest = this.entries.keys().next().value as string;
      this.delete(oldest);
    }
  }

  /** Grows the recorded size of an entry (e.g. after adding a compressed variant). */
  grow(key: string, extraBytes: number): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.bytes += extraBytes;
    this.totalBytes += extraBytes;
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.totalBytes -= entry.bytes;
  }

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }
}
