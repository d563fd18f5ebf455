// A lexicon lookup that reads the text once: the text is cut into words, each word looks up the
// phrases that start with it, and a candidate is confirmed against the text as written ("U.S."
// needs its dots). One big regular expression of alternatives was ~5x slower on typical reports.

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

interface Entry<T> {
  words: string[]
  /** The phrase as written, whitespace collapsed (lower-cased when matching ignores case). */
  phrase: string
  /** Punctuation after the last word ("U.S." → "."). */
  tail: string
  value: T
}

interface Word {
  text: string
  lower: string
  start: number
  end: number
}

const WORD = /[\p{L}\p{N}]+/gu
const LETTER_OR_DIGIT = /[\p{L}\p{N}_]/u
/** Every lexicon reads the same few texts of a report: cut each into words once. */
const WORDS_CACHE_SIZE = 8
const wordsCache = new Map<string, Word[]>()

function wordsOf(text: string): Word[] {
  const cached = wordsCache.get(text)
  if (cached !== undefined) return cached
  const words: Word[] = []
  for (const m of text.matchAll(WORD)) words.push({ text: m[0], lower: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length })
  if (wordsCache.size >= WORDS_CACHE_SIZE) wordsCache.clear()
  wordsCache.set(text, words)
  return words
}

export function createPhraseMatcher<T>(entries: readonly (readonly [string, T])[], options: MatcherOptions): PhraseMatcher<T> {
  const fold = (s: string) => (options.caseSensitive ? s : s.toLowerCase())
  const keyOf = (w: Word) => (options.caseSensitive ? w.text : w.lower)
  const byFirstWord = new Map<string, Entry<T>[]>()
  const seen = new Set<string>()
  for (const [raw, value] of entries) {
    const phrase = fold(raw.trim().replace(/\s+/g, ' '))
    const words = phrase.match(WORD)
    if (words === null || seen.has(phrase)) continue
    seen.add(phrase)
    const lastEnd = phrase.lastIndexOf(words[words.length - 1]!) + words[words.length - 1]!.length
    const list = byFirstWord.get(words[0]!) ?? []
    list.push({ words, phrase, tail: phrase.slice(lastEnd), value })
    byFirstWord.set(words[0]!, list)
  }
  // Longest first, so "Social Security numbers" wins over "Social Security".
  for (const list of byFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length || b.phrase.length - a.phrase.length)

  return {
    findAll(text) {
      const hits: PhraseHit<T>[] = []
      if (text === '') return hits
      const words = wordsOf(text)
      for (let i = 0; i < words.length; i++) {
        const candidates = byFirstWord.get(keyOf(words[i]!))
        if (candidates === undefined) continue
        for (const entry of candidates) {
          const end = matchAt(text, words, i, entry, fold, keyOf, options.allowHyphenAfter === true)
          if (end < 0) continue
          const start = words[i]!.start
          hits.push({ value: entry.value, index: start, end, text: text.slice(start, end) })
          i += entry.words.length - 1
          break
        }
      }
      return hits
    },
  }
}

/** Where the entry ends if it starts at word i, else -1. */
function matchAt<T>(
  text: string,
  words: Word[],
  i: number,
  entry: Entry<T>,
  fold: (s: string) => string,
  keyOf: (w: Word) => string,
  allowHyphenAfter: boolean,
): number {
  const n = entry.words.length
  if (i + n > words.length) return -1
  for (let k = 1; k < n; k++) if (keyOf(words[i + k]!) !== entry.words[k]) return -1
  const start = words[i]!.start
  let end = words[i + n - 1]!.end
  if (entry.tail !== '') {
    if (!text.startsWith(entry.tail, end) && fold(text.slice(end, end + entry.tail.length)) !== entry.tail) return -1
    end += entry.tail.length
  }
  if (n > 1 && fold(text.slice(start, end).replace(/\s+/g, ' ')) !== entry.phrase) return -1
  const after = text[end]
  if (after !== undefined && LETTER_OR_DIGIT.test(after) && entry.tail === '') return -1
  if (!allowHyphenAfter && after === '-' && LETTER_OR_DIGIT.test(text[end + 1] ?? '')) return -1
  if (start > 0 && text[start - 1] === '_') return -1
  return end
}
