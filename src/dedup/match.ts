// Evidence of a new item + stored candidates → the story it belongs to, or null for a new story.
// Reasons, strongest first: same canonical URL; a citation between the two items; a shared cited
// article; near-identical titles in a time window. Guards keep different incidents at one
// organization apart. Pure and deterministic.

import type { MergeReason, StoryCandidate, StoryEvidence, StoryMatch } from '../types.js'
import { type EvidenceFacts, MAX_EVIDENCE_ORGS, splitEvidenceTokens } from './fact-evidence.js'
import { OrgAliases } from './org-aliases.js'
import {
  countShared,
  findFeatureConflict,
  hasDifferentFeatureSubjects,
  readTitleFeatures,
  scoreFeatureSimilarity,
} from './title-features.js'

/** Hours either side in which near-identical titles may be one story (also the store's candidate window). */
export const TITLE_WINDOW_HOURS = 72
/**
 * Hours either side in which the same canonical URL makes two reports one story: a URL copied
 * with a date far from the original's does not join (and so cannot compete for) its story.
 */
export const SAME_URL_WINDOW_HOURS = 30 * 24
/** Hours either side in which a citation between two items makes them one story. */
export const CITATION_WINDOW_HOURS = 14 * 24
/** Hours either side in which two items citing the same article are one story. */
export const SHARED_CITATION_WINDOW_HOURS = 7 * 24
/** Minimum weighted-Jaccard title similarity for 'similar_title'. */
export const TITLE_SIMILARITY_THRESHOLD = 0.33
/** Lower bar for 'similar_title' when the titles share a two-word name ("Grand Vista"). */
export const TITLE_SIMILARITY_WITH_NAME_BIGRAM = 0.15
/** Minimum distinctive (name-like) tokens two titles must share for 'similar_title'. */
export const MIN_SHARED_DISTINCTIVE_TOKENS = 1
/** Hours either side in which two news reports naming the same victim are one story ('same_org'). */
export const FACTS_WINDOW_HOURS = TITLE_WINDOW_HOURS
/**
 * The same when one of the two is an official record (a regulator's row): a notice is filed weeks
 * after the news, and its record count and the guards keep a later incident apart.
 */
export const OFFICIAL_WINDOW_HOURS = 30 * 24
/** Two record counts this many times apart are two incidents (or one wrong figure): never merged on facts. */
export const RECORDS_CONTRADICTION_RATIO = 10
/** A cited link that candidates of this many different stories also cite is generic, not evidence. */
export const GENERIC_LINK_MIN_STORIES = 3
/**
 * Window and limit the poller passes to Store.findStoryCandidates. Link relations come at any
 * age; the window bounds the title-token part, so it is the title window.
 */
export const CANDIDATE_WINDOW_HOURS = TITLE_WINDOW_HOURS
export const CANDIDATE_LIMIT = 50

/** Reasons by strength (higher wins). Direct citations in either direction are equally strong. */
export const REASON_STRENGTH: Record<MergeReason, number> = {
  same_url: 4,
  cites_item: 3,
  cited_by_item: 3,
  shared_citation: 2,
  similar_title: 1,
  same_org: 0,
}

const SCORE_CITATION = 0.95
const SCORE_SHARED_CITATION = 0.9
const SCORE_SAME_ORG = 0.8
/** Learned aliases when the caller passes none: spelling rules only. */
const NO_ALIASES = new OrgAliases()

/** Pages many unrelated stories cite: breach portals, encyclopedias, catalogues, search pages. */
const GENERIC_LINK_PATTERNS: RegExp[] = [
  /^https:\/\/([a-z]+\.)?wikipedia\.org\//,
  /^https:\/\/ocrportal\.hhs\.gov\/ocr\/breach/,
  /^https:\/\/hhs\.gov\/hipaa\/for-professionals\/breach-notification/,
  /^https:\/\/haveibeenpwned\.com\//,
  /^https:\/\/cisa\.gov\/known-exploited-vulnerabilities-catalog/,
  /^https:\/\/attack\.mitre\.org\//,
  /^https:\/\/oag\.ca\.gov\/privacy\/databreach\/list/,
  /^https:\/\/apps\.web\.maine\.gov\/online\/aeviewer\/ME\/40\/list/,
  /^https:\/\/[^/]+\/(search|tag|topics?)(\/|\?|$)/,
  /^https:\/\/(google\.com|bing\.com|duckduckgo\.com)\//,
]

/** One candidate judged the same story, with the reason and score. */
export interface Hit {
  candidate: StoryCandidate
  reason: MergeReason
  score: number
  /** The candidate's publishedAt in ms (NaN when unreadable), for ordering. */
  at: number
}

function hoursBetween(a: number, b: number): number {
  const d = Math.abs(a - b)
  return Number.isFinite(d) ? d / 3_600_000 : Number.POSITIVE_INFINITY
}

function isGenericLink(link: string, citingStories: Map<string, Set<number>>): boolean {
  if (GENERIC_LINK_PATTERNS.some((re) => re.test(link))) return true
  return (citingStories.get(link)?.size ?? 0) >= GENERIC_LINK_MIN_STORIES
}

/** Which stories among the candidates cite each link (to spot links everybody cites). */
export function indexCitingStories(candidates: readonly StoryCandidate[]): Map<string, Set<number>> {
  const index = new Map<string, Set<number>>()
  for (const c of candidates) {
    for (const link of c.evidence.outboundLinks) {
      let set = index.get(link)
      if (!set) index.set(link, (set = new Set()))
      set.add(c.storyId)
    }
  }
  return index
}

const verdictMemo = new WeakMap<
  readonly StoryCandidate[],
  { ev: StoryEvidence; sourceId: string; aliases: OrgAliases; length: number; hits: (Hit | null)[] }
>()

/**
 * The verdict on each candidate (aligned with the array): null for a candidate in a story that
 * holds a report of `sourceId` (each source reports a story once) and for one that is not the
 * same story. Memoized per candidate array, so matchStory and findBridgedStories judge once.
 */
export function judgeCandidates(
  ev: StoryEvidence,
  candidates: readonly StoryCandidate[],
  sourceId: string,
  aliases: OrgAliases = NO_ALIASES,
): (Hit | null)[] {
  const memo = verdictMemo.get(candidates)
  if (memo !== undefined && memo.ev === ev && memo.sourceId === sourceId && memo.aliases === aliases && memo.length === candidates.length)
    return memo.hits
  const ownStories = new Set<number>()
  for (const c of candidates) if (c.sourceId === sourceId) ownStories.add(c.storyId)
  const citing = indexCitingStories(candidates)
  const at = Date.parse(ev.publishedAt)
  const hits = candidates.map((c) => (ownStories.has(c.storyId) ? null : judgeCandidate(ev, c, citing, at, aliases)))
  refuseContradictedStories(ev, candidates, hits)
  verdictMemo.set(candidates, { ev, sourceId, aliases, length: candidates.length, hits })
  return hits
}

/**
 * A victim match speaks for one report, not its story: when another report of that story states
 * a contradicting fact (a count ten times apart, another actor), the story is another incident.
 * ("Westmarch Hotels: 2.2M guests" and "Westmarch Hotels: 14 employees phished" are two, even
 * when the report the new one matched states no count.)
 */
function refuseContradictedStories(ev: StoryEvidence, candidates: readonly StoryCandidate[], hits: (Hit | null)[]): void {
  const mine = splitEvidenceTokens(ev.titleTokens).facts
  if (mine.records === null && mine.actors.length === 0) return
  const contradicted = new Set<number>()
  for (const c of candidates) if (factsContradict(mine, splitEvidenceTokens(c.evidence.titleTokens).facts)) contradicted.add(c.storyId)
  hits.forEach((hit, i) => {
    if (hit?.reason === 'same_org' && contradicted.has(hit.candidate.storyId)) hits[i] = null
  })
}

/** The strongest reason this candidate is the same story as the evidence (published at `evAt` ms), or null. */
export function judgeCandidate(
  ev: StoryEvidence,
  c: StoryCandidate,
  citing: Map<string, Set<number>>,
  evAt = Date.parse(ev.publishedAt),
  aliases: OrgAliases = NO_ALIASES,
): Hit | null {
  const other = c.evidence
  const at = Date.parse(other.publishedAt)
  const hours = hoursBetween(evAt, at)
  if (other.canonicalUrl === ev.canonicalUrl)
    return hours <= SAME_URL_WINDOW_HOURS ? { candidate: c, reason: 'same_url', score: 1, at } : null
  const myTokens = splitEvidenceTokens(ev.titleTokens)
  const theirTokens = splitEvidenceTokens(other.titleTokens)
  const mine = readTitleFeatures(myTokens.titleTokens)
  const theirs = readTitleFeatures(theirTokens.titleTokens)
  if (findFeatureConflict(mine, theirs, { counts: false }) !== null) return null
  if (hours <= CITATION_WINDOW_HOURS) {
    if (other.outboundLinks.includes(ev.canonicalUrl)) return { candidate: c, reason: 'cited_by_item', score: SCORE_CITATION, at }
    if (ev.outboundLinks.includes(other.canonicalUrl)) return { candidate: c, reason: 'cites_item', score: SCORE_CITATION, at }
  }
  const sharedNames = countShared(mine.distinctive, theirs.distinctive)
  if (hours <= SHARED_CITATION_WINDOW_HOURS && sharedNames >= 1 && other.outboundLinks.length > 0 && ev.outboundLinks.length > 0) {
    const cited = new Set(ev.outboundLinks)
    const shared = other.outboundLinks.some((l) => cited.has(l) && !isGenericLink(l, citing))
    if (shared) return { candidate: c, reason: 'shared_citation', score: SCORE_SHARED_CITATION, at }
  }
  const countsAgree = findFeatureConflict(mine, theirs, { counts: true }) === null
  if (hours <= TITLE_WINDOW_HOURS && sharedNames >= MIN_SHARED_DISTINCTIVE_TOKENS) {
    const similarity = scoreFeatureSimilarity(mine, theirs)
    if (
      (similarity >= TITLE_SIMILARITY_THRESHOLD ||
        (similarity >= TITLE_SIMILARITY_WITH_NAME_BIGRAM && countShared(mine.nameBigrams, theirs.nameBigrams) > 0)) &&
      countsAgree &&
      !hasDifferentFeatureSubjects(mine, theirs) &&
      !factsContradict(myTokens.facts, theirTokens.facts)
    ) {
      return { candidate: c, reason: 'similar_title', score: Math.round(similarity * 1000) / 1000, at }
    }
  }
  if (countsAgree && isSameVictim(myTokens.facts, theirTokens.facts, hours, aliases))
    return { candidate: c, reason: 'same_org', score: SCORE_SAME_ORG, at }
  return null
}

/**
 * Facts as evidence: both reports name the same victim first (alias-aware), each names at most
 * MAX_EVIDENCE_ORGS (a roundup of victims is about none of them in particular), within the window,
 * and nothing contradicts: record counts an order of magnitude apart, or actors named on both
 * sides with none in common, are two incidents. The title guards (kind of event, ordinals, years,
 * counts) have been applied by the caller.
 */
export function isSameVictim(mine: EvidenceFacts, theirs: EvidenceFacts, hours: number, aliases: OrgAliases): boolean {
  const window = mine.official || theirs.official ? OFFICIAL_WINDOW_HOURS : FACTS_WINDOW_HOURS
  if (hours > window) return false
  const a = mine.orgs[0]
  const b = theirs.orgs[0]
  if (a === undefined || b === undefined) return false
  if (mine.orgs.length > MAX_EVIDENCE_ORGS || theirs.orgs.length > MAX_EVIDENCE_ORGS) return false
  if (!aliases.same(a, b)) return false
  return !factsContradict(mine, theirs)
}

/** Record counts an order of magnitude apart, or actors named on both sides with none in common. */
export function factsContradict(mine: EvidenceFacts, theirs: EvidenceFacts): boolean {
  if (mine.records !== null && theirs.records !== null) {
    const [low, high] = mine.records <= theirs.records ? [mine.records, theirs.records] : [theirs.records, mine.records]
    if (low <= 0 || high / low >= RECORDS_CONTRADICTION_RATIO) return true
  }
  return mine.actors.length > 0 && theirs.actors.length > 0 && !mine.actors.some((x) => theirs.actors.includes(x))
}

/** Stronger reason first, then higher score, then the earliest published, then the lowest item id. */
export function compareHits(a: Hit, b: Hit): number {
  return (
    REASON_STRENGTH[b.reason] - REASON_STRENGTH[a.reason] || b.score - a.score || a.at - b.at || a.candidate.itemId - b.candidate.itemId
  )
}

/**
 * The story a new item joins, or null when it starts its own. Candidates from the item's own
 * source are never matched, and neither are stories that already hold an item of that source
 * (each source reports a story once). Ties go to the stronger reason, then the higher score, then
 * the earliest published candidate, then the lowest item id.
 */
export function matchStory(
  evidence: StoryEvidence,
  candidates: StoryCandidate[],
  sourceId: string,
  aliases: OrgAliases = NO_ALIASES,
): StoryMatch | null {
  let best: Hit | null = null
  for (const hit of judgeCandidates(evidence, candidates, sourceId, aliases)) {
    if (hit && (best === null || compareHits(hit, best) < 0)) best = hit
  }
  if (!best) return null
  return { storyId: best.candidate.storyId, itemId: best.candidate.itemId, reason: best.reason, score: best.score }
}
