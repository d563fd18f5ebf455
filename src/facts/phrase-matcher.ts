// One regular expression per lexicon: every phrase in a single alternation, longest first, so a
// report is scanned once per lexicon whatever the lexicon's size.

export interface PhraseHit<T> {
  value: T
  index: number
  end: number
  text: string
}

export interface PhraseMatcher<T> {
  findAll(text: string): PhraseHit<T>[]
}

export interface MatcherOptions {
  caseSensitive: boolean
  /** "Ohio-based" names Ohio; "government-issued" does not name a government. */
  allowHyphenAfter?: boolean
}

export function createPhraseMatcher<T>(entries: readonly (readonly [string, T])[], options: MatcherOptions): PhraseMatcher<T> {
  const lookup = new Map<string, T>()
  for (const [phrase, value] of entries) {
    const key = options.caseSensitive ? phrase : phrase.toLowerCase()
    if (!lookup.has(key)) lookup.set(key, value)
  }
  const phrases = [...lookup.keys()].sort((a, b) => b.length - a.length)
  const after = options.allowHyphenAfter ? '(?![\\p{L}\\p{N}_])' : '(?![\\p{L}\\p{N}_]|-\\p{L})'
  const source = `(?<![\\p{L}\\p{N}_])(?:${phrases.map(escapeRegExp).join('|')})${after}`
  const pattern = new RegExp(source, options.caseSensitive ? 'gu' : 'giu')
  return {
    findAll(text) {
      const hits: PhraseHit<T>[] = []
      if (phrases.length === 0 || text === '') return hits
      for (const m of text.matchAll(pattern)) {
        const key = options.caseSensitive ? m[0] : m[0].toLowerCase()
        const value = lookup.get(key)
        if (value !== undefined) hits.push({ value, index: m.index, end: m.index + m[0].length, text: m[0] })
      }
      return hits
    },
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
