// Comparing organization names: "Acme Corp." = "ACME Corporation" = "The Acme Group", and, for
// merging, "Ascension" = "Ascension Health" (a name that starts another) and "LAUSD" = "Los
// Angeles Unified School District" (initials).
import orgData from './data/organizations.json' with { type: 'json' }

const SUFFIXES = new Set(orgData.suffixes as string[])
const SMALL_WORDS = new Set(['of', 'and', 'the', 'for', 'at', 'in', 'de'])

/** Lower case, "&" as "and", punctuation dropped, company suffixes and a leading "the" removed. */
export function normalizeOrgName(name: string): string {
  const tokens = name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]s\b/g, 's')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean)
  while (tokens.length > 1 && SUFFIXES.has(tokens[tokens.length - 1]!)) tokens.pop()
  while (tokens.length > 1 && tokens[0] === 'the') tokens.shift()
  return tokens.join(' ')
}

export function isSameOrg(a: string, b: string): boolean {
  const x = withoutGovernmentPrefix(normalizeOrgName(a))
  const y = withoutGovernmentPrefix(normalizeOrgName(b))
  if (x === '' || y === '') return false
  if (x === y) return true
  const [short, long] = x.length <= y.length ? [x, y] : [y, x]
  // "Ascension" / "Ascension Health", "Red Cross" / "International Committee of the Red Cross".
  if (short.length >= 4 && (long.startsWith(`${short} `) || long.endsWith(` ${short}`))) return true
  const compact = short.replace(/\b(?:and|of|the)\b/g, '').replace(/\s+/g, '')
  return compact.length >= 2 && compact.length <= 6 && initialsOf(long) === compact
}

/** "City of Wichita" is Wichita's government; "Wichita" in breach news means the same. */
function withoutGovernmentPrefix(key: string): string {
  return key.replace(/^(?:city|town|county|state|village|borough) of /, '')
}

function initialsOf(name: string): string {
  return name
    .split(' ')
    .filter((w) => !SMALL_WORDS.has(w))
    .map((w) => w[0])
    .join('')
}
