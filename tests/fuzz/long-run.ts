// `npm run fuzz`: the pipeline properties of tests/fuzz/pipeline.test.ts for longer.
//
//   npm run fuzz                          60 seconds over every generator
//   npm run fuzz -- --seconds 600         ten minutes
//   npm run fuzz -- --cases 5000          5000 cases per generator, however long that takes
//   npm run fuzz -- --seed 42             reproducible run (each batch's seed is printed)
//   npm run fuzz -- --only json           one generator (mutated, rss, atom, json, bytes)
//
// Prints a summary (cases, outcomes, items stored, cases per second) and, for a failure, the
// seed and the shrunk counterexample. Exit status 1 when any property failed.
import { parseArgs } from 'node:util'
import fc from 'fast-check'
import { setLogLevel } from '../../src/lib/log.js'
import { generatedAtom, generatedJson, generatedRss, mutatedFixture, randomBytes } from './arbitraries.js'
import { makeFuzzStore, runCase } from './pipeline.js'

setLogLevel('silent')

interface Generator {
  name: string
  arbitrary: fc.Arbitrary<Buffer | string>
}

const generators: Generator[] = [
  { name: 'mutated', arbitrary: mutatedFixture.map((doc) => doc.bytes) },
  { name: 'rss', arbitrary: generatedRss },
  { name: 'atom', arbitrary: generatedAtom },
  { name: 'json', arbitrary: generatedJson },
  { name: 'bytes', arbitrary: randomBytes },
]

interface Stats {
  cases: number
  items: number
  outcomes: Map<string, number>
  failures: string[]
}

const { values } = parseArgs({
  options: {
    seconds: { type: 'string' },
    cases: { type: 'string' },
    seed: { type: 'string' },
    only: { type: 'string' },
    batch: { type: 'string' },
  },
})

const seconds = values.seconds === undefined ? (values.cases === undefined ? 60 : Infinity) : Number(values.seconds)
const casesPerGenerator = values.cases === undefined ? Infinity : Number(values.cases)
const batch = Number(values.batch ?? 200)
let nextSeed = values.seed === undefined ? Date.now() % 2_147_483_647 : Number(values.seed)
const selected = values.only === undefined ? generators : generators.filter((g) => g.name === values.only)
if (selected.length === 0 || !Number.isFinite(batch) || batch < 1 || Number.isNaN(seconds) || Number.isNaN(casesPerGenerator)) {
  process.stderr.write('fuzz: usage: long-run.ts [--seconds N | --cases N] [--seed N] [--only mutated|rss|atom|json|bytes] [--batch N]\n')
  process.exit(64)
}

function buildProperty(gen: Generator, stats: Stats): fc.IAsyncProperty<[Buffer | string]> {
  return fc.asyncProperty(gen.arbitrary, async (body) => {
    const { store, source } = await makeFuzzStore()
    try {
      const result = await runCase(body, store, source)
      stats.cases++
      stats.items += result.items
      stats.outcomes.set(result.outcome, (stats.outcomes.get(result.outcome) ?? 0) + 1)
      if (result.problems.length > 0) throw new Error(result.problems.slice(0, 10).join('\n'))
    } finally {
      await store.close()
    }
  })
}

async function main(): Promise<number> {
  const started = performance.now()
  const deadline = started + seconds * 1000
  const stats = new Map<string, Stats>(selected.map((g) => [g.name, { cases: 0, items: 0, outcomes: new Map(), failures: [] }]))
  const done = (g: Generator): boolean => (stats.get(g.name)?.cases ?? 0) >= casesPerGenerator || stats.get(g.name)!.failures.length > 0
  let rounds = 0
  while (performance.now() < deadline && !selected.every(done)) {
    for (const gen of selected) {
      if (done(gen) || performance.now() >= deadline) continue
      const s = stats.get(gen.name)!
      const seed = nextSeed++
      const numRuns = Math.min(batch, casesPerGenerator - s.cases)
      const details = await fc.check(buildProperty(gen, s), { numRuns, seed })
      if (details.failed) s.failures.push(`seed ${seed}:\n${fc.defaultReportMessage(details) ?? 'failed'}`)
    }
    rounds++
    const elapsed = (performance.now() - started) / 1000
    const total = [...stats.values()].reduce((n, s) => n + s.cases, 0)
    process.stderr.write(`fuzz: round ${rounds}, ${total} cases in ${elapsed.toFixed(0)} s\n`)
  }
  const elapsed = (performance.now() - started) / 1000
  printSummary(stats, elapsed)
  return [...stats.values()].some((s) => s.failures.length > 0) ? 1 : 0
}

function printSummary(stats: Map<string, Stats>, elapsed: number): void {
  const out: string[] = ['', `fuzz summary (${elapsed.toFixed(1)} s)`]
  let total = 0
  for (const [name, s] of stats) {
    total += s.cases
    const outcomes = [...s.outcomes]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')
    out.push(
      `  ${name.padEnd(8)} ${String(s.cases).padStart(7)} cases  ${String(s.items).padStart(8)} items stored  ${s.failures.length === 0 ? 'ok' : 'FAILED'}  (${outcomes})`,
    )
  }
  out.push(`  total    ${String(total).padStart(7)} cases, ${(total / Math.max(elapsed, 0.001)).toFixed(0)} cases/s`)
  for (const [name, s] of stats) for (const failure of s.failures) out.push('', `FAILURE in ${name}, ${failure}`)
  process.stdout.write(`${out.join('\n')}\n`)
}

process.exitCode = await main()
