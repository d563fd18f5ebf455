// Title → tokens for matching: unicode-normalized, lowercase, quotes and dashes folded, news prefixes
// ("Update:", "Exclusive:", "[Updated]") and the site's own suffix (" – The Record") removed,
// numbers written one way ("1.2 million" → 1200000), punctuation and stopwords dropped, plurals
// and -ed/-ing endings lightly stemmed. Order is kept (for shingles); repeats are dropped.

const STOPWORDS = new Set(
  (
    'a an the of to in on for with by at from as and or but nor is are was were be been being its it ' +
    'this that these those their his her our your my we they he she you i not no into onto over under ' +
    'about amid than then so if up out via per after before while during since against between ' +
    'has have had will would can could may might should must do does did just also now how what ' +
    'which who whom whose why where when'
  ).split(' '),
)

const PREFIX_WORDS =
  'update|updated|updates|exclusive|breaking|breaking news|report|new|analysis|opinion|podcast|' +
  'video|watch|live|alert|just in|developing|confirmed|scoop|week in review|in brief|brief'
const PREFIX = new RegExp(
  `^\\s*(?:\\[[^\\]]{1,30}\\]|\\((?:${PREFIX_WORDS})[^)]{0,20}\\)|(?:${PREFIX_WORDS})(?:\\s*\\d+)?\\s*[:|\\-]+)\\s*`,
  'i',
)
const BRACKET_TAG = new RegExp(`\\s*[\\[(](?:${PREFIX_WORDS})(?:\\s*\\d+)?[^\\])]{0,20}[\\])]\\s*`, 'gi')
const SUFFIX_SEPARATOR = /\s+(?:\||-|–|—|::|·|•)\s+(?!.*\s(?:\||-|–|—|::|·|•)\s)(.+)$/
const UPDATED_CAPS = /^\s*UPDATED\s+(?=\S)/

const MULTIPLIERS: Record<string, number> = {
  thousand: 1e3,
  k: 1e3,
  million: 1e6,
  mln: 1e6,
  m: 1e6,
  mn: 1e6,
  billion: 1e9,
  bn: 1e9,
  b: 1e9,
}

/** Fold a title to plain lowercase ASCII-ish text with quotes and dashes unified. */
export function foldTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"')
    .replace(/[\u2010\u2011\u2012\u2212\uFE58\uFE63\uFF0D]/g, '-')
    .replace(/[\u2013\u2014\u2015]/g, '–')
    .replace(/\s+/g, ' ')
    .trim()
}

/** Remove "Update:"-style prefixes, "[Updated]" tags and a trailing " | Site" / " – Site" suffix. */
export function stripTitleDecorations(title: string, siteNames: string[] = []): string {
  let t = title
  for (let i = 0; i < 3; i++) {
    const next = t.replace(PREFIX, '')
    if (next === t || next.trim() === '') break
    t = next
  }
  const untagged = t.replace(BRACKET_TAG, ' ').trim()
  if (untagged !== '') t = untagged
  const noUpdated = t.replace(UPDATED_CAPS, '')
  if (noUpdated !== '') t = noUpdated
  const m = SUFFIX_SEPARATOR.exec(t)
  if (m?.[1] && isSiteSuffix(m[0], m[1], siteNames)) t = t.slice(0, m.index)
  return t.trim()
}

function isSiteSuffix(whole: string, suffix: string, siteNames: string[]): boolean {
  const words = suffix.trim().split(/\s+/)
  if (words.length > 6) return false
  if (/^\s+\|/.test(whole) && words.length <= 5) return true
  const squashed = squash(suffix).replace(/^the/, '')
  if (squashed.length < 3) return false
  if (/\.(com|net|org|io|media|co|uk|news)$/i.test(suffix.trim())) return true
  return siteNames.some((name) => {
    const site = squash(name).replace(/^the/, '')
    return site.length >= 3 && (site.includes(squashed) || squashed.includes(site))
  })
}

function squash(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '')
}

/** Rewrite numbers one way: "500,000" → 500000, "1.2 million" / "1.2M" → 1200000, "2nd" → second. */
export function normalizeNumbers(text: string): string {
  return text
    .replace(/(\d),(?=\d{3}\b)/g, '$1')
    .replace(/\b(\d+(?:\.\d+)?)\s*(thousand|million|mln|mn|billion|bn|k|m|b)\b/gi, (_all, num: string, unit: string) => {
      const mult = MULTIPLIERS[unit.toLowerCase()] ?? 1
      return String(Math.round(Number(num) * mult))
    })
    .replace(/\b(\d+)(st|nd|rd|th)\b/gi, (_all, num: string) => ORDINALS[Number(num)] ?? num)
}

const ORDINALS: Record<number, string> = { 1: 'first', 2: 'second', 3: 'third', 4: 'fourth', 5: 'fifth' }

/** A light suffix stemmer: plurals, -ed and -ing, so "breaches"/"breached" meet "breach". */
export function stemToken(word: string): string {
  if (/\d/.test(word) || word.length <= 3) return word
  let w = word
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`
  else if (w.endsWith('ied') && w.length > 4) w = `${w.slice(0, -3)}y`
  else if (w.endsWith('sses')) w = w.slice(0, -2)
  else if (/(?:s|x|z|ch|sh)es$/.test(w) && w.length > 4) w = w.slice(0, -2)
  else if (w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1)
  else if (w.endsWith('ing') && w.length > 5) w = w.slice(0, -3)
  else if (w.endsWith('ed') && w.length > 4) w = w.slice(0, -2)
  if (w.length >= 4 && w.endsWith('e') && !w.endsWith('ee')) w = w.slice(0, -1)
  // "attacked" → "attack", "hacking" → "hack", but "stopped" → "stopp": fold a doubled end.
  if (w.length > 4 && /([bdgklmnprt])\1$/.test(w)) w = w.slice(0, -1)
  return w
}

/**
 * Normalized, stemmed, stopword-free tokens of a title, in order, without repeats.
 * `siteNames` (host names, outlet names) help recognise a " – Site Name" suffix.
 */
export function tokenizeTitle(title: string, siteNames: string[] = []): string[] {
  const folded = foldTitle(title)
  const stripped = stripTitleDecorations(folded, siteNames)
  const text = normalizeNumbers(stripped.toLowerCase())
    .replace(/'s\b/g, '')
    .replace(/'/g, '')
    .replace(/(\d)\.(\d)/g, '$1_$2')
    .replace(/[^\p{L}\p{N}_]+/gu, ' ')
    .replace(/_/g, '.')
  const out: string[] = []
  const seen = new Set<string>()
  for (const word of text.split(' ')) {
    if (word === '' || STOPWORDS.has(word)) continue
    const token = stemToken(word)
    if (token === '' || seen.has(token)) continue
    seen.add(token)
    out.push(token)
  }
  return out
}
