// What the store is asked for when a new item looks for its story: the item's links as they are,
// and only its distinctive title tokens and organization keys. A title match needs a shared
// distinctive token (see match.ts), so items that share only "data breach" with the new item can
// never be its story; a record count or an actor alone never makes one either.

import type { StoryEvidence } from '../types.js'
import { isFactKey, isLookupKey } from './fact-evidence.js'
import { isDistinctiveToken } from './title-similarity.js'

/** The evidence to pass to Store.findStoryCandidates: titleTokens cut to the distinctive ones and organization keys. */
export function buildCandidateQuery(evidence: StoryEvidence): StoryEvidence {
  return { ...evidence, titleTokens: evidence.titleTokens.filter((t) => (isFactKey(t) ? isLookupKey(t) : isDistinctiveToken(t))) }
}

/**
 * The second look-up, over the official-record window (OFFICIAL_WINDOW_HOURS): organization keys
 * only, no links (the first look-up found those), or null when the item names no victim.
 */
export function buildFactsCandidateQuery(evidence: StoryEvidence, extraKeys: readonly string[] = []): StoryEvidence | null {
  const keys = [...new Set([...evidence.titleTokens.filter(isLookupKey), ...extraKeys])]
  if (keys.length === 0) return null
  return { ...evidence, outboundLinks: [], titleTokens: keys }
}
