// User search text → a PostgreSQL tsquery, with exactly the syntax and validation users have on
// SQLite: the text goes through src/store/fts-query.ts first (phrases, prefix*, OR, NOT/-word,
// implicit AND, the term limit, "search query is empty"), and its output, a small closed grammar
// of quoted terms, AND, OR, NOT and parentheses, is translated here. Its terms hold only letters,
// digits and marks separated by single spaces, none of which is tsquery syntax, so the result is
// safe to hand to to_tsquery() as a parameter (never spliced into SQL). to_tsquery() then
// stems and unaccents each lexeme with the store's configuration.
//
// Mapping: "a b" → (a <-> b) (a phrase: words in a row); "ab"* → ab:* ; x AND y → x & y ;
// x OR y → x | y ; (p) NOT t → (p) & !t.
import { BadQueryError } from '../../errors.js'
import { buildFtsQuery } from '../fts-query.js'

type Token =
  | { kind: 'term'; text: string; prefix: boolean }
  | { kind: 'op'; value: 'AND' | 'OR' | 'NOT' }
  | { kind: 'paren'; value: '(' | ')' }

function lex(fts: string): Token[] {
  const tokens: Token[] = []
  const pattern = /"((?:[^"]|"")*)"(\*)?|(AND|OR|NOT)|([()])|(\s+)/gy
  let match: RegExpExecArray | null
  while (pattern.lastIndex < fts.length && (match = pattern.exec(fts)) !== null) {
    if (match[1] !== undefined) tokens.push({ kind: 'term', text: match[1].replace(/""/g, '"'), prefix: match[2] === '*' })
    else if (match[3] !== undefined) tokens.push({ kind: 'op', value: match[3] as 'AND' | 'OR' | 'NOT' })
    else if (match[4] !== undefined) tokens.push({ kind: 'paren', value: match[4] as '(' | ')' })
  }
  // buildFtsQuery's output always lexes completely; anything else is a bug, not the user's query.
  if (pattern.lastIndex !== fts.length) throw new BadQueryError('search query is not valid')
  return tokens
}

function renderTerm(text: string, prefix: boolean): string {
  // Defence in depth: only letters, digits and marks reach to_tsquery, whatever fts-query becomes.
  const words = text
    .split(' ')
    .map((w) => w.replace(/[^\p{L}\p{N}\p{M}]+/gu, ''))
    .filter((w) => w !== '')
  if (words.length === 0) throw new BadQueryError('search query is empty')
  if (prefix && words.length === 1) return `${words[0]}:*`
  return words.length === 1 ? words[0]! : `(${words.join(' <-> ')})`
}

/** The to_tsquery() text for what a user typed; BadQueryError as buildFtsQuery gives it. */
export function buildTsQuery(input: string): string {
  const out: string[] = []
  for (const token of lex(buildFtsQuery(input))) {
    if (token.kind === 'term') out.push(renderTerm(token.text, token.prefix))
    else if (token.kind === 'paren') out.push(token.value)
    else if (token.value === 'AND') out.push('&')
    else if (token.value === 'OR') out.push('|')
    else out.push('& !')
  }
  return out.join(' ')
}
