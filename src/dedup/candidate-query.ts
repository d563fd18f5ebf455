// What the store is asked for when a new item looks for its story: the item's links as they are,
// and only its distinctive title tokens. A title match needs a shared distinctive token (see
// match.ts), so items that share only "data breach" with the new item can never be its story.

import type { StoryEvidence } from '../types.js'
import { isDistinctiveToken } from './title-similarity.js'

/** The evidence to pass to Store.findStoryCandidates: titleTokens cut to the distinctive ones. */
export function buildCandidateQuery(evidence: StoryEvidence): StoryEvidence {
  return { ...evidence, titleTokens: evidence.titleTokens.filter(isDistinctiveToken) }
}
