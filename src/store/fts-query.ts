// User search text → a safe FTS5 MATCH expression. Supported:
//   "exact phrase"   word*  (prefix)   plain words (all must match)   a OR b   NOT word / -word
// Every term is emitted as a quoted FTS5 string, so no user character is ever FTS5 syntax:
// `NEAR(`, `col:`, `^`, unbalanced quotes and stray operators all become plain words or vanish.
// Terms keep only letters, digits and inner joiners; a term with nothing left is dropped.
import { BadQueryError } from '../errors.js'

/** One term: a word or a phrase (words separated by single spaces), `prefix` for `word*`. */
export interface SearchTerm {
  text: string
  prefix: boolean
}

type Token = { kind: 'term'; term: SearchTerm } | { kind: 'or' } | { kind: 'not' }

const maxTerms = 32

function cleanWord(raw: string): string {
  // Letters/digits of any script; everything else separates words, as the tokenizer would.
  return raw
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ')
    .trim()
}

function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = []
  const pattern = /"([^"]*)"?|(\S+)/g
  for (const match of input.slice(0, 1000).matchAll(pattern)) {
    const phrase = match[1]
    if (phrase !== undefined) {
      const text = cleanWord(phrase)
      if (text !== '') tokens.push({ kind: 'term', term: { text, prefix: false } })
      continue
    }
    let word = match[2] ?? ''
    if (word === 'OR' || word === '|') {
      tokens.push({ kind: 'or' })
      continue
    }
    if (word === 'NOT') {
      tokens.push({ kind: 'not' })
      continue
    }
    if (word === 'AND' || word === '&&') continue
    if (word.startsWith('-') && word.length > 1) {
      tokens.push({ kind: 'not' })
      word = word.slice(1)
    }
    const prefix = /[\p{L}\p{N}]\*+$/u.test(word)
    const text = cleanWord(word)
    // A prefix term needs a real stem; one character would match half the index.
    if (text !== '') tokens.push({ kind: 'term', term: { text, prefix: prefix && text.length >= 2 && !text.includes(' ') } })
  }
  return tokens
}

function renderTerm(term: SearchTerm): string {
  return term.prefix ? `${quote(term.text)}*` : quote(term.text)
}

/**
 * A search text as groups of terms: the groups are ANDed, the terms of one group ORed, and
 * `excluded` terms subtracted from the whole. Operators with nothing to apply to are ignored.
 * buildFtsQuery renders it for FTS5; src/alerts matches it against an item in memory.
 */
export interface ParsedSearchQuery {
  groups: SearchTerm[][]
  excluded: SearchTerm[]
}

export function parseSearchQuery(input: string): ParsedSearchQuery {
  const groups: SearchTerm[][] = []
  const excluded: SearchTerm[] = []
  let pendingOr = false
  let pendingNot = false
  let count = 0
  for (const token of tokenize(input)) {
    if (token.kind === 'or') {
      pendingOr = groups.length > 0
      continue
    }
    if (token.kind === 'not') {
      pendingNot = true
      continue
    }
    if (count >= maxTerms) break
    count++
    if (pendingNot) excluded.push(token.term)
    else if (pendingOr) groups[groups.length - 1]?.push(token.term)
    else groups.push([token.term])
    pendingOr = false
    pendingNot = false
  }
  return { groups, excluded }
}

/** Builds the MATCH expression. Throws BadQueryError('search query is empty') when no positive term is left. */
export function buildFtsQuery(input: string): string {
  const { groups, excluded } = parseSearchQuery(input)
  if (groups.length === 0) throw new BadQueryError('search query is empty')
  const positive = groups
    .map((group) => (group.length === 1 ? renderTerm(group[0] as SearchTerm) : `(${group.map(renderTerm).join(' OR ')})`))
    .join(' AND ')
  if (excluded.length === 0) return positive
  return [`(${positive})`, ...excluded.map(renderTerm)].join(' NOT ')
}
