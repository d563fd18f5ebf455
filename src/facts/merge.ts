// One story's facts from its reports' facts. Organizations: the ones the reports agree on (named
// by at least half of the reports that name any, alias-aware), most-cited first, in their most
// common spelling. Actors and data types: the union. Records: the largest count, with the history
// of counts as reports stated them. Sector and country: the majority, ties to the earliest report.
import { isSameOrg } from './org-name.js'
import { DATA_TYPES, type RecordsClaim, type ReportFacts, type StoryFacts } from './types.js'

export function mergeFacts(reports: readonly ReportFacts[]): StoryFacts {
  const ordered = [...reports].sort(byDate)
  return {
    organizations: mergeOrganizations(ordered),
    actors: rankByCitations(
      ordered.map((r) => r.facts.actors),
      (a, b) => a === b,
    ),
    records: ordered.reduce<number | null>(
      (max, r) => (r.facts.records !== null && (max === null || r.facts.records > max) ? r.facts.records : max),
      null,
    ),
    dataTypes: DATA_TYPES.filter((t) => ordered.some((r) => r.facts.dataTypes.includes(t))),
    sector: majority(ordered.map((r) => r.facts.sector)),
    country: majority(ordered.map((r) => r.facts.country)),
    recordsHistory: recordsHistory(ordered),
  }
}

/** "100,000 → 1.2 million": each count once, in the order reports stated them. */
export function formatRecordsHistory(history: readonly RecordsClaim[]): string {
  return history.map((c) => formatCount(c.records)).join(' → ')
}

function formatCount(n: number): string {
  for (const [scale, word] of [
    [1e9, 'billion'],
    [1e6, 'million'],
  ] as const) {
    if (n >= scale) return `${Number((n / scale).toFixed(2))} ${word}`
  }
  return n.toLocaleString('en-US')
}

function byDate(a: ReportFacts, b: ReportFacts): number {
  if (a.date === b.date) return 0
  if (a.date === null) return 1
  if (b.date === null) return -1
  return a.date < b.date ? -1 : 1
}

function mergeOrganizations(reports: readonly ReportFacts[]): string[] {
  const naming = reports.filter((r) => r.facts.organizations.length > 0)
  const quorum = Math.max(1, Math.ceil(naming.length / 2))
  return rankByCitations(
    naming.map((r) => r.facts.organizations),
    isSameOrg,
    quorum,
  )
}

interface Cluster {
  spellings: Map<string, number>
  reports: number
  first: number
}

/** Groups equal values across reports; each report cites a group once. Most-cited first, then first seen. */
function rankByCitations(lists: readonly string[][], same: (a: string, b: string) => boolean, quorum = 1): string[] {
  const clusters: Cluster[] = []
  lists.forEach((list) => {
    const cited = new Set<Cluster>()
    for (const value of list) {
      let cluster = clusters.find((c) => [...c.spellings.keys()].some((s) => same(s, value)))
      if (cluster === undefined) {
        cluster = { spellings: new Map(), reports: 0, first: clusters.length }
        clusters.push(cluster)
      }
      cluster.spellings.set(value, (cluster.spellings.get(value) ?? 0) + 1)
      if (!cited.has(cluster)) {
        cited.add(cluster)
        cluster.reports++
      }
    }
  })
  return clusters
    .filter((c) => c.reports >= quorum)
    .sort((a, b) => b.reports - a.reports || a.first - b.first)
    .map((c) => [...c.spellings.entries()].reduce((best, e) => (e[1] > best[1] ? e : best))[0])
}

function majority<T extends string>(values: readonly (T | null)[]): T | null {
  const counts = new Map<T, number>()
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1)
  let best: T | null = null
  let bestCount = 0
  // Map order is first-seen order and the reports are oldest first, so a tie goes to the earliest.
  for (const [v, n] of counts) {
    if (n > bestCount) {
      best = v
      bestCount = n
    }
  }
  return best
}

function recordsHistory(reports: readonly ReportFacts[]): RecordsClaim[] {
  const history: RecordsClaim[] = []
  for (const r of reports) {
    const records = r.facts.records
    if (records === null || history.some((c) => c.records === records)) continue
    history.push({ records, reportId: r.id, date: r.date })
  }
  return history
}
