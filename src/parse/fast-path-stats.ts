// How often the tokenizer fast paths answered and how often they declined to the general
// readers (rss-parser, feedsmith). Process-wide counts: the benchmark reports them per corpus, so
// a fast path that declines most real documents shows up as such instead of as a fast parse.

export interface FastPathCounts {
  rss: { fast: number; declined: number }
  atom: { fast: number; declined: number }
}

const counts: FastPathCounts = { rss: { fast: 0, declined: 0 }, atom: { fast: 0, declined: 0 } }

export function countFastPath(format: keyof FastPathCounts, answered: boolean): void {
  if (answered) counts[format].fast++
  else counts[format].declined++
}

/** A copy of the counts so far. */
export function readFastPathCounts(): FastPathCounts {
  return { rss: { ...counts.rss }, atom: { ...counts.atom } }
}
