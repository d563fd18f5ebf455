// Facts extraction against labeled reports: precision and recall per field, and microseconds per
// report. The two tuning sets (tests/fixtures/facts/tuning.jsonl, and tuning2.jsonl in other
// outlets' styles) are what the rules were written against; the held-out set (holdout.jsonl,
// written by someone else) is scored only as totals.
//
//   npm run eval:facts              all three parts, one line per field
//   npm run eval:facts -- --errors  also every tuning mismatch (never the holdouts')
//   npm run eval:facts -- --tuning  the tuning sets only (what to run while tuning)

import { existsSync, readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { canonicalActor, extractFacts, type Facts, type FactsInput, normalizeOrgName } from '../src/facts/index.js'

export interface LabeledReport extends FactsInput {
  id: string
  expected: Facts
}

export const FIELDS = ['organizations', 'actors', 'records', 'dataTypes', 'sector', 'country'] as const
export type Field = (typeof FIELDS)[number]

export interface FieldScore {
  truePositives: number
  predicted: number
  expected: number
  precision: number
  recall: number
}

export interface FactsEvalResult {
  reports: number
  fields: Record<Field, FieldScore>
  /** Extraction CPU time per report in microseconds (fastest pass), 0 when not measured. */
  microsPerReport: number
  mismatches: { id: string; field: Field; expected: unknown; got: unknown }[]
}

/** Records count as right within this fraction of the stated figure. */
const RECORDS_TOLERANCE = 0.05
const TIMING_BUDGET_MS = 1000
const MIN_PASSES = 5

const FIXTURES = fileURLToPath(new URL('../tests/fixtures/facts/', import.meta.url))
export const TUNING_PATH = `${FIXTURES}tuning.jsonl`
export const TUNING2_PATH = `${FIXTURES}tuning2.jsonl`
export const HOLDOUT_PATH = `${FIXTURES}holdout.jsonl`
/** The second held-out set (issue 16's tuning round): written and labeled before any run on it. */
export const HOLDOUT2_PATH = `${FIXTURES}holdout2.jsonl`

export function loadLabeledReports(path: string): LabeledReport[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      try {
        return JSON.parse(line) as LabeledReport
      } catch (error) {
        throw new Error(`eval-facts: ${path}:${i + 1}: not JSON`, { cause: error })
      }
    })
}

/** `timing: false` skips the CPU measurement (a second of passes) when only the scores matter. */
export function runFactsEval(reports: readonly LabeledReport[], options: { timing?: boolean } = {}): FactsEvalResult {
  const counts = Object.fromEntries(FIELDS.map((f) => [f, { truePositives: 0, predicted: 0, expected: 0 }])) as Record<
    Field,
    Omit<FieldScore, 'precision' | 'recall'>
  >
  const mismatches: FactsEvalResult['mismatches'] = []
  for (const report of reports) {
    const got = extractFacts(report)
    for (const field of FIELDS) {
      const [tp, predicted, expected] = scoreField(field, report.expected, got)
      counts[field].truePositives += tp
      counts[field].predicted += predicted
      counts[field].expected += expected
      if (tp !== predicted || tp !== expected) mismatches.push({ id: report.id, field, expected: report.expected[field], got: got[field] })
    }
  }
  const fields = Object.fromEntries(
    FIELDS.map((f) => {
      const c = counts[f]
      return [f, { ...c, precision: ratio(c.truePositives, c.predicted), recall: ratio(c.truePositives, c.expected) }]
    }),
  ) as Record<Field, FieldScore>
  return { reports: reports.length, fields, microsPerReport: options.timing === false ? 0 : measureMicros(reports), mismatches }
}

/** [true positives, predicted, expected] for one field of one report. */
function scoreField(field: Field, expected: Facts, got: Facts): [number, number, number] {
  switch (field) {
    case 'organizations':
      return scoreSet(expected.organizations.map(normalizeOrgName), got.organizations.map(normalizeOrgName))
    case 'actors':
      return scoreSet(
        expected.actors.map((a) => canonicalActor(a) ?? a),
        got.actors,
      )
    case 'dataTypes':
      return scoreSet(expected.dataTypes, got.dataTypes)
    case 'records':
      return scoreSingle(expected.records, got.records, (e, g) => Math.abs(g - e) <= e * RECORDS_TOLERANCE)
    default:
      return scoreSingle(expected[field], got[field], (e, g) => e === g)
  }
}

function scoreSet(expected: readonly string[], got: readonly string[]): [number, number, number] {
  const want = new Set(expected)
  const have = new Set(got)
  let tp = 0
  for (const g of have) if (want.has(g)) tp++
  return [tp, have.size, want.size]
}

function scoreSingle<T>(expected: T | null, got: T | null, same: (e: T, g: T) => boolean): [number, number, number] {
  const tp = expected !== null && got !== null && same(expected, got) ? 1 : 0
  return [tp, got === null ? 0 : 1, expected === null ? 0 : 1]
}

function ratio(a: number, b: number): number {
  return b === 0 ? 1 : a / b
}

/**
 * CPU time of this process per report, the fastest of several passes over the set: the machine is
 * shared, and neither waiting for a core nor a neighbour's cache traffic is the extractor's cost.
 */
function measureMicros(reports: readonly LabeledReport[]): number {
  if (reports.length === 0) return 0
  for (const r of reports) extractFacts(r)
  let best = Number.POSITIVE_INFINITY
  const wallStart = performance.now()
  for (let pass = 0; pass < MIN_PASSES || performance.now() - wallStart < TIMING_BUDGET_MS; pass++) {
    const cpuStart = process.cpuUsage()
    for (const r of reports) extractFacts(r)
    const cpu = process.cpuUsage(cpuStart)
    best = Math.min(best, (cpu.user + cpu.system) / reports.length)
  }
  return best
}

export function formatEval(name: string, r: FactsEvalResult): string {
  const lines = [`${name}: ${r.reports} reports, ${r.microsPerReport.toFixed(1)} µs CPU per report (fastest pass)`]
  for (const f of FIELDS) {
    const s = r.fields[f]
    lines.push(
      `  ${f.padEnd(14)} P ${s.precision.toFixed(3)}  R ${s.recall.toFixed(3)}  (${s.truePositives} right of ${s.predicted} given, ${s.expected} expected)`,
    )
  }
  return lines.join('\n')
}

function main(): void {
  const showErrors = process.argv.includes('--errors')
  for (const [name, path] of [
    ['tuning', TUNING_PATH],
    ['tuning2', TUNING2_PATH],
  ] as const) {
    const result = runFactsEval(loadLabeledReports(path))
    console.log(formatEval(name, result))
    if (showErrors) {
      for (const m of result.mismatches)
        console.log(`  ${m.id} ${m.field}: expected ${JSON.stringify(m.expected)} got ${JSON.stringify(m.got)}`)
    }
  }
  // --tuning: while tuning, not even the held-out totals.
  if (process.argv.includes('--tuning')) return
  if (existsSync(HOLDOUT_PATH)) console.log(formatEval('holdout', runFactsEval(loadLabeledReports(HOLDOUT_PATH))))
  else console.log('holdout: tests/fixtures/facts/holdout.jsonl not there yet')
  if (existsSync(HOLDOUT2_PATH)) console.log(formatEval('holdout2', runFactsEval(loadLabeledReports(HOLDOUT2_PATH))))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main()
