// A watch's query, matched against one item in memory: the same parsed query that /search sends
// to FTS5 (store/fts-query.ts parseSearchQuery), so a watch needs no database round trip per item.
// Text is folded the way the index folds it (case, accents, punctuation) and words are reduced
// by a light suffix stemmer, so "breached" finds "breach" and "leaks" finds "leaked" as on /search.
// The stemmer is smaller than Porter's: rare forms can differ from /search (docs/alerts.md).
import { type ParsedSearchQuery, parseSearchQuery, type SearchTerm } from '../store/fts-query.js'

/** Lower case, accents removed, every run of non-letters/digits one space. */
function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

const suffixes = ['ations', 'ation', 'ings', 'ing', 'edly', 'ed', 'ies', 'es', 's'] as const

/** A word's stem: the longest listed suffix removed when at least three letters stay. */
export function stemWord(word: string): string {
  for (const suffix of suffixes) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      const stem = word.slice(0, -suffix.length)
      return suffix === 'ies' ? `${stem}y` : stem.replace(/e$/, '')
    }
  }
  return word.replace(/e$/, '')
}

function words(text: string): string[] {
  const folded = foldText(text)
  return folded === '' ? [] : folded.split(' ')
}

/** An item's text ready for matching: its words and their stems, in order. */
export interface MatchableText {
  words: string[]
  stems: string[]
}

export function prepareMatchText(title: string, summary: string): MatchableText {
  // Title and summary are separate columns in the index: a phrase never spans the two.
  const all = [...words(title), '\u0000', ...words(summary)]
  return { words: all, stems: all.map(stemWord) }
}

function hasTerm(text: MatchableText, term: SearchTerm): boolean {
  const termWords = words(term.text)
  if (termWords.length === 0) return false
  if (term.prefix) {
    const stem = termWords[0] ?? ''
    return text.words.some((w) => w.startsWith(stem))
  }
  const termStems = termWords.map(stemWord)
  for (let start = 0; start + termStems.length <= text.stems.length; start++) {
    if (termStems.every((stem, i) => text.stems[start + i] === stem)) return true
  }
  return false
}

export interface CompiledQuery {
  parsed: ParsedSearchQuery
}

/** null when the text has no positive term (validation reports that as an empty query). */
export function compileQuery(query: string): CompiledQuery | null {
  const parsed = parseSearchQuery(query)
  return parsed.groups.length === 0 ? null : { parsed }
}

/** Every group has a term in the text, and no excluded term is in it. */
export function matchesQuery(query: CompiledQuery, text: MatchableText): boolean {
  const { groups, excluded } = query.parsed
  return groups.every((group) => group.some((term) => hasTerm(text, term))) && !excluded.some((term) => hasTerm(text, term))
}
