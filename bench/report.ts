// What every benchmark returns: rows for the printed table, and raw figures for the JSON file.

export interface ResultRow {
  bench: 'ingest' | 'poll' | 'serve' | 'scale' | 'upsert' | 'cluster' | 'serve-pg'
  /** What was measured. */
  name: string
  /** The median (or the single value), as printed. */
  value: string
  /** Against the baseline or the target, e.g. "0.31× tokenizer (target ≥ 0.15×)". */
  versus: string
  /** true/false when the row checks a target, undefined otherwise. */
  met?: boolean
}

export interface BenchResult {
  rows: ResultRow[]
  /** Raw numbers (every run), for artifacts/bench/*.json. */
  raw: Record<string, unknown>
  notes: string[]
}

export interface BenchOptions {
  quick: boolean
  seed: number
  /** Scratch dir for this run (corpus, databases, configs). */
  workDir: string
  log: (line: string) => void
  /** Figures one benchmark leaves for a later one (the poll's peak memory for scale). */
  shared: Record<string, number>
  /** --feeds N: how many loopback feeds the cluster bench serves (default 2,000). */
  feeds?: number
  /** --items N: how many items the serve-pg bench serves (default 1,000,000). */
  items?: number
}
