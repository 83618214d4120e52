/** A failed or killed index update is logged with the note it was preparing (issue 21, finding 2). */
import { describe, expect, it } from 'vitest';
import { noteBeingPrepared, resultOf } from '../../src/lib/server/search-index/indexer-output.ts';

describe('indexer output', () => {
  it('names the last note an update announced, and none when it announced none', () => {
    const output =
      '[search-index] note 12: preparing (300 characters of Markdown)\n[search-index] note 345: preparing (199680 characters of Markdown)\n';
    expect(noteBeingPrepared(output)).toBe(345);
    expect(noteBeingPrepared('Error: Failed to write the search index\n')).toBeUndefined();
  });

  it('reads the result line, and nothing from a run that printed none', () => {
    expect(
      resultOf(
        '[search-index] note 1: preparing (3 characters of Markdown)\n{"recent":1,"compactionCandidates":[2],"truncated":[1],"ms":5}\n',
      ),
    ).toEqual({
      recent: 1,
      compactionCandidates: [2],
      truncated: [1],
      ms: 5,
    });
    expect(resultOf('killed')).toEqual({});
  });
});
