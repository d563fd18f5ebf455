// Does a new report match a watch? Pure: the watch's query (match-query.ts) and its facts
// filters over the report's facts (src/facts extractFacts), every given condition required.
import { canonicalActor, extractFacts, type Facts, isSameOrg, normalizeOrgName } from '../facts/index.js'
import type { NormalizedItem } from '../types.js'
import { type CompiledQuery, compileQuery, type MatchableText, matchesQuery, prepareMatchText } from './match-query.js'
import type { Watch } from './types.js'

/** A report prepared once for every watch: its text for queries, its facts for filters. */
export interface MatchSubject {
  text: MatchableText
  facts: Facts
}

/** `facts`: the report's stored facts when the store step computed them (a tabular row's stated ones included). */
export function prepareSubject(item: Pick<NormalizedItem, 'title' | 'summaryText' | 'contentHtml'>, facts?: Facts): MatchSubject {
  return {
    text: prepareMatchText(item.title, item.summaryText),
    facts: facts ?? extractFacts({ title: item.title, summary: item.summaryText, content: item.contentHtml }),
  }
}

/** A watch with its query parsed once (watches are compiled when the config loads). */
export interface CompiledWatch {
  watch: Watch
  query: CompiledQuery | null
  /** The org filter as a query phrase: a report naming the org matches even when extraction missed it. */
  orgPhrase: CompiledQuery | null
}

export function compileWatch(watch: Watch): CompiledWatch {
  const orgWords = watch.org === null ? '' : normalizeOrgName(watch.org)
  return {
    watch,
    query: watch.query === null ? null : compileQuery(watch.query),
    orgPhrase: orgWords === '' ? null : compileQuery(`"${orgWords.replace(/"/g, ' ')}"`),
  }
}

export function matchesWatch(compiled: CompiledWatch, subject: MatchSubject): boolean {
  const { watch } = compiled
  const { facts } = subject
  if (compiled.query !== null && !matchesQuery(compiled.query, subject.text)) return false
  if (watch.org !== null) {
    const org = watch.org
    const named = facts.organizations.some((found) => isSameOrg(found, org))
    if (!named && (compiled.orgPhrase === null || !matchesQuery(compiled.orgPhrase, subject.text))) return false
  }
  if (watch.actor !== null) {
    const wanted = (canonicalActor(watch.actor) ?? watch.actor).toLowerCase()
    if (!facts.actors.some((actor) => actor.toLowerCase() === wanted)) return false
  }
  if (watch.sector !== null && facts.sector !== watch.sector) return false
  if (watch.country !== null && facts.country !== watch.country) return false
  if (watch.dataType !== null && !facts.dataTypes.some((t) => t === watch.dataType)) return false
  if (watch.minRecords !== null && (facts.records === null || facts.records < watch.minRecords)) return false
  return true
}
