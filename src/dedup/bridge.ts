// A new item can be the missing link between two stories: it cites The Record's article (story 1)
// and its title matches BleepingComputer's report (story 2), which came in first and did not match
// The Record's. Joining one of them leaves the result dependent on arrival order; merging the
// stories it bridges makes it the same whatever order the sources were polled in.

import type { StoryCandidate, StoryEvidence, StoryMatch } from '../types.js'
import { splitEvidenceTokens } from './fact-evidence.js'
import { compareHits, factsContradict, type Hit, judgeCandidates } from './match.js'
import type { OrgAliases } from './org-aliases.js'

/**
 * The other stories among the candidates that the new item is also the same story as (its best
 * hit in each, strongest first), given that it joins `match.storyId`. A story is left out when it
 * holds a report from the item's own source or from a source already in the merged story (one
 * source reports a story once). Pure and deterministic; the store re-checks sources on merge,
 * since candidates show only part of each story.
 */
export function findBridgedStories(
  evidence: StoryEvidence,
  candidates: StoryCandidate[],
  sourceId: string,
  match: StoryMatch | null,
  aliases?: OrgAliases,
): StoryMatch[] {
  if (match === null) return []
  const sourcesByStory = new Map<number, Set<string>>()
  for (const c of candidates) {
    let set = sourcesByStory.get(c.storyId)
    if (!set) sourcesByStory.set(c.storyId, (set = new Set()))
    set.add(c.sourceId)
  }
  // judgeCandidates leaves out the stories that hold a report of the item's own source.
  const bestByStory = new Map<number, Hit>()
  for (const hit of judgeCandidates(evidence, candidates, sourceId, aliases)) {
    if (hit === null || hit.candidate.storyId === match.storyId) continue
    const best = bestByStory.get(hit.candidate.storyId)
    if (best === undefined || compareHits(hit, best) < 0) bestByStory.set(hit.candidate.storyId, hit)
  }
  const taken = new Set([sourceId, ...(sourcesByStory.get(match.storyId) ?? [])])
  const joined = new Set([match.storyId])
  const bridged: StoryMatch[] = []
  for (const hit of [...bestByStory.values()].sort(compareHits)) {
    const sources = sourcesByStory.get(hit.candidate.storyId) ?? new Set<string>()
    if ([...sources].some((s) => taken.has(s))) continue
    // A victim match joins two stories only when no report of one contradicts a report of the other.
    if ((hit.reason === 'same_org' || match.reason === 'same_org') && storiesContradict(candidates, joined, hit.candidate.storyId)) continue
    joined.add(hit.candidate.storyId)
    for (const s of sources) taken.add(s)
    bridged.push({ storyId: hit.candidate.storyId, itemId: hit.candidate.itemId, reason: hit.reason, score: hit.score })
  }
  return bridged
}

function storiesContradict(candidates: readonly StoryCandidate[], joined: ReadonlySet<number>, other: number): boolean {
  const factsOf = (c: StoryCandidate) => splitEvidenceTokens(c.evidence.titleTokens).facts
  const theirs = candidates.filter((c) => c.storyId === other).map(factsOf)
  return candidates.some((c) => joined.has(c.storyId) && theirs.some((f) => factsContradict(factsOf(c), f)))
}
