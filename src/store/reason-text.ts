// Why a report is in its story, in plain words for /api/stories/:id and the story page: the
// stored merge reason, told against the report it matched ("cites the same notice as
// DataBreaches.net", "near-identical headline 3 hours later than The Record").
import type { MergeReason } from '../types.js'

/** The report a member matched when it joined, when it is still there to name. */
export interface MatchedReport {
  sourceTitle: string
  publishedAt: string
}

export type MemberReason = MergeReason | 'lead' | 'own'

export function describeReason(reason: MemberReason, publishedAt: string, matched: MatchedReport | undefined): string {
  const of = matched === undefined ? '' : ` ${matched.sourceTitle}`
  switch (reason) {
    case 'lead':
      return 'first to report'
    case 'own':
      return 'reported on its own; an earlier report joined it later'
    case 'same_url':
      return matched === undefined ? 'same article' : `same article as${of}`
    case 'cites_item':
      return matched === undefined ? 'cites an earlier report' : `cites${of}’s report`
    case 'cited_by_item':
      return matched === undefined ? 'cited by a later report' : `cited by${of}’s report`
    case 'shared_citation':
      return matched === undefined ? 'cites the same notice as another report' : `cites the same notice as${of}`
    case 'same_org':
      return matched === undefined ? 'names the same breached organization' : `names the same breached organization as${of}`
    case 'similar_title':
      if (matched === undefined) return 'near-identical headline'
      return `near-identical headline ${describeGap(Date.parse(publishedAt) - Date.parse(matched.publishedAt))}${of}`
  }
}

/** "3 hours later than", "20 minutes earlier than", "at the same time as". */
export function describeGap(ms: number): string {
  if (!Number.isFinite(ms) || Math.abs(ms) < 60_000) return 'at the same time as'
  const direction = ms > 0 ? 'later than' : 'earlier than'
  const minutes = Math.round(Math.abs(ms) / 60_000)
  if (minutes < 60) return `${plural(minutes, 'minute')} ${direction}`
  const hours = Math.round(minutes / 60)
  if (hours < 48) return `${plural(hours, 'hour')} ${direction}`
  return `${plural(Math.round(hours / 24), 'day')} ${direction}`
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
