// The keys facts are indexed and filtered under, shared by both engines, the query parser and the
// pages' links: a slug of letters and digits joined by hyphens. Organizations are keyed by their
// normalized name (case, "&"/"and", punctuation and company suffixes folded: "Marks & Spencer plc"
// → "marks-and-spencer"), actors by their canonical name ("Cl0p" and "TA505" → "clop").
import { canonicalActor, type Facts, normalizeOrgName } from '../facts/index.js'
import type { FacetKind } from '../types.js'

/** Lower-case letters and digits (any script) joined by single hyphens; '' when none. */
export function facetSlug(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
}

export function orgKey(name: string): string {
  return facetSlug(normalizeOrgName(name))
}

export function actorKey(name: string): string {
  return facetSlug(canonicalActor(name) ?? name)
}

/**
 * An org filter also matches longer names that start with the asked one ("ascension" finds
 * "Ascension Health"), as the facts' own isSameOrg does, from 4 characters up. The range is the
 * keys from "<key>-" up to, not including, "<key>." ('.' sorts right after '-').
 */
export function orgPrefixRange(key: string): { from: string; to: string } | null {
  return key.length >= 4 ? { from: `${key}-`, to: `${key}.` } : null
}

export interface FacetRow {
  kind: FacetKind
  key: string
  /** The value as the report wrote it (organizations, actors) or the vocabulary's word. */
  name: string
}

/** One row per distinct (kind, key) of the facts: what the facet filters and counts read. */
export function listFacets(facts: Facts): FacetRow[] {
  const rows: FacetRow[] = []
  const seen = new Set<string>()
  const add = (kind: FacetKind, key: string, name: string): void => {
    if (key === '' || seen.has(`${kind}\u0000${key}`)) return
    seen.add(`${kind}\u0000${key}`)
    rows.push({ kind, key, name })
  }
  for (const org of facts.organizations) add('org', orgKey(org), org)
  for (const actor of facts.actors) add('actor', actorKey(actor), actor)
  if (facts.sector !== null) add('sector', facts.sector, facts.sector)
  if (facts.country !== null) add('country', facts.country, facts.country)
  for (const type of facts.dataTypes) add('dataType', type, type)
  return rows
}
