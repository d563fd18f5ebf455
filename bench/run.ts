// npm run bench [-- --only ingest|poll|serve|scale|upsert|cluster] [--feeds N (cluster)] [--items N (serve-pg)] [--quick] [--seed N] [--keep]
// Runs the benchmarks, prints one table (medians, ratios against the baselines of the same run),
// and writes the machine description and every figure to artifacts/bench/<time>.json and
// artifacts/bench/latest.json (for docs/benchmarks.md).

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { setLogLevel } from '../src/lib/log.js'
import { repoDir } from './child.js'
import { runClusterBench } from './cluster.js'
import { runIngestBench } from './ingest.js'
import { describeMachine } from './machine.js'
import { runPollBench } from './poll.js'
import type { BenchOptions, BenchResult, ResultRow } from './report.js'
import { runScaleBench } from './scale.js'
import { runServeBench } from './serve.js'
import { runServePgBench } from './serve-pg.js'
import { runUpsertBench } from './upsert.js'

const benches = {
  ingest: runIngestBench,
  poll: runPollBench,
  serve: runServeBench,
  scale: runScaleBench,
  upsert: runUpsertBench,
  cluster: runClusterBench,
  'serve-pg': runServePgBench,
} as const
type BenchName = keyof typeof benches

function isBenchName(name: string): name is BenchName {
  return Object.hasOwn(benches, name)
}

function renderTable(rows: ResultRow[]): string {
  const header = ['bench', 'measure', 'median', 'vs baseline / target', 'target']
  const cells = rows.map((r) => [r.bench, r.name, r.value, r.versus, r.met === undefined ? '' : r.met ? 'met' : 'MISSED'])
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)))
  const line = (c: string[]) => c.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)].join('\n')
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string', multiple: true },
      quick: { type: 'boolean', default: false },
      seed: { type: 'string', default: '42' },
      keep: { type: 'boolean', default: false },
      feeds: { type: 'string' },
      items: { type: 'string' },
    },
  })
  const only = (values.only ?? []).flatMap((v) => v.split(','))
  const unknown = only.filter((name) => !isBenchName(name))
  if (unknown.length > 0) {
    process.stderr.write(`bench: unknown benchmark ${unknown.join(', ')} (use ${Object.keys(benches).join(', ')})\n`)
    return 1
  }
  const selected: BenchName[] = only.length > 0 ? only.filter(isBenchName) : ['ingest', 'poll', 'serve', 'scale']
  setLogLevel('silent')
  process.env['BREACHWIRE_LOG'] = 'silent'
  // The app's per-IP rate limits would answer most of the load with 429s (scale builds apps in-process).
  process.env['BREACHWIRE_RATE_LIMIT'] = 'off'

  const workDir = mkdtempSync(join(tmpdir(), 'breachwire-bench-'))
  const started = performance.now()
  const opts: BenchOptions = {
    quick: values.quick === true,
    seed: Number(values.seed),
    workDir,
    shared: {},
    ...(values.feeds === undefined ? {} : { feeds: Number(values.feeds) }),
    ...(values.items === undefined ? {} : { items: Number(values.items) }),
    log: (line) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`),
  }
  const pkg = JSON.parse(readFileSync(join(repoDir, 'node_modules/better-sqlite3/package.json'), 'utf8')) as { version: string }
  const machine = describeMachine(pkg.version)
  const results: Partial<Record<BenchName, BenchResult & { seconds: number }>> = {}
  try {
    for (const name of selected) {
      const t = performance.now()
      results[name] = { ...(await benches[name](opts)), seconds: (performance.now() - t) / 1000 }
      opts.log(`${name}: done in ${((performance.now() - t) / 1000).toFixed(0)} s`)
    }
  } finally {
    if (values.keep) process.stderr.write(`bench: kept ${workDir}\n`)
    else rmSync(workDir, { recursive: true, force: true })
  }
  const totalSeconds = (performance.now() - started) / 1000
  const rows = selected.flatMap((name) => results[name]?.rows ?? [])
  const notes = selected.flatMap((name) => results[name]?.notes ?? [])
  const out = [
    `breachwire bench — ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, SQLite ${machine.sqlite}; load average at start ${machine.loadAverage.join(' ')}`,
    `${opts.quick ? 'quick mode; ' : ''}seed ${opts.seed}; ${totalSeconds.toFixed(0)} s total`,
    '',
    renderTable(rows),
    '',
    ...notes.map((n) => `- ${n}`),
    '',
  ].join('\n')
  process.stdout.write(out)

  const dir = join(repoDir, 'artifacts', 'bench')
  mkdirSync(dir, { recursive: true })
  const record = { date: new Date().toISOString(), quick: opts.quick, seed: opts.seed, totalSeconds, machine, results }
  const stamp = record.date.replace(/[:.]/g, '-')
  writeFileSync(join(dir, `${stamp}${opts.quick ? '-quick' : ''}.json`), `${JSON.stringify(record, null, 2)}\n`)
  writeFileSync(join(dir, opts.quick ? 'latest-quick.json' : 'latest.json'), `${JSON.stringify(record, null, 2)}\n`)
  writeFileSync(join(dir, opts.quick ? 'latest-quick.txt' : 'latest.txt'), out)
  return 0
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
    process.exit(1)
  },
)
