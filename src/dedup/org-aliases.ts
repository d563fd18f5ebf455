// Names of one organization that no spelling rule connects ("M&S" is initials, but "Royal Mail" and
// "International Distributions Services" are not), learned from stories that merged on other
// evidence: when two reports joined by a link or a near-identical title each name one victim, and
// the names differ, they are the same victim. Kept in memory (per process, bounded): a restart
// forgets them, and they are learned again from the next such merge.

import { isSameOrg } from '../facts/index.js'
import type { StoryCandidate, StoryEvidence, StoryMatch } from '../types.js'
import { type EvidenceFacts, orgKey, splitEvidenceTokens } from './fact-evidence.js'

/** Names remembered at most (oldest forgotten first): a bound on memory, far above a year of news. */
const MAX_NAMES = 20_000

export class OrgAliases {
  private readonly links = new Map<string, Set<string>>()

  /** Two normalized names are one organization: by spelling (isSameOrg) or as learned. */
  same(a: string, b: string): boolean {
    return isSameOrg(a, b) || this.links.get(a)?.has(b) === true
  }

  /** The learned other names of a normalized name. */
  aliasesOf(name: string): string[] {
    return [...(this.links.get(name) ?? [])]
  }

  /** Remembers that two normalized names are one organization (no-op when spelling says so already). */
  learn(a: string, b: string): void {
    if (a === '' || b === '' || isSameOrg(a, b)) return
    this.link(a, b)
    this.link(b, a)
  }

  get size(): number {
    return this.links.size
  }

  private link(from: string, to: string): void {
    let set = this.links.get(from)
    if (set === undefined) {
      if (this.links.size >= MAX_NAMES) this.links.delete(this.links.keys().next().value as string)
      this.links.set(from, (set = new Set()))
    }
    set.add(to)
  }
}

/** Organization keys of the learned aliases of the item's victims (to look their reports up too). */
export function aliasKeysOf(aliases: OrgAliases, evidence: StoryEvidence): string[] {
  return splitEvidenceTokens(evidence.titleTokens).facts.orgs.flatMap((org) => aliases.aliasesOf(org).map(orgKey))
}

/** The poller's aliases (one process, every source). */
export const sharedOrgAliases = new OrgAliases()

/**
 * Learns from two reports the matcher put in one story on evidence other than their organizations:
 * when each names exactly one victim, under different names, the names are aliases. Reports naming
 * several (roundups, a vendor and its customers) teach nothing.
 */
export function learnFromMerge(aliases: OrgAliases, a: EvidenceFacts, b: EvidenceFacts): void {
  if (a.orgs.length !== 1 || b.orgs.length !== 1) return
  aliases.learn(a.orgs[0]!, b.orgs[0]!)
}

/**
 * After the matcher placed a new item: when it joined on a link or its headline (not on its
 * organization, which would be circular), the victim names of the two reports are aliases.
 */
export function learnAliasesFromMatch(
  aliases: OrgAliases,
  evidence: StoryEvidence,
  candidates: readonly StoryCandidate[],
  match: StoryMatch | null,
): void {
  if (match === null || match.reason === 'same_org') return
  const other = candidates.find((c) => c.itemId === match.itemId)
  if (other === undefined) return
  learnFromMerge(aliases, splitEvidenceTokens(evidence.titleTokens).facts, splitEvidenceTokens(other.evidence.titleTokens).facts)
}
