/**
 * What the server reads from an indexer child's output (scripts/search-index.ts): its result line,
 * and the note it was preparing when it stopped, for the log of a failed or killed update.
 */

/** The JSON line a successful indexer prints last (scripts/search-index.ts). */
export function resultOf(output: string): { compactionCandidates?: number[]; truncated?: number[] } {
  try {
    return JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as { compactionCandidates?: number[]; truncated?: number[] };
  } catch {
    return {};
  }
}

/** The note an update was preparing when it stopped: the last one it announced (scripts/search-index.ts). */
export function noteBeingPrepared(output: string): number | undefined {
  const id = [...output.matchAll(/\[search-index\] note (\d+): preparing/g)].at(-1)?.[1];
  return id === undefined ? undefined : Number(id);
}
