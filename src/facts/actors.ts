// Named threat actors, by canonical name. Aliases come from data/actors.json; a name that is
// also an ordinary word (Play, Royal, Akira) counts only next to "ransomware", "gang" and the like.
import actorData from './data/actors.json' with { type: 'json' }
import { createPhraseMatcher, type PhraseMatcher } from './phrase-matcher.js'
import type { ReportText } from './text.js'

interface ActorEntry {
  name: string
  aliases: string[]
  contextual?: boolean
  caseSensitive?: boolean
}

interface ActorRef {
  name: string
  contextual: boolean
}

const ACTOR_CONTEXT =
  /\b(?:ransomware|gang|group|crew|operation|operators?|hackers?|hacking|actors?|extortion|cybercriminals?|affiliates?|leak site|APT|threat)\b/i
const CONTEXT_WINDOW = 40

const entries = (actorData.actors as ActorEntry[]).flatMap((a) =>
  a.aliases.map((alias) => ({ alias, ref: { name: a.name, contextual: a.contextual === true }, caseSensitive: a.caseSensitive === true })),
)
const exactMatcher = createPhraseMatcher<ActorRef>(
  entries.filter((e) => e.caseSensitive).map((e) => [e.alias, e.ref] as const),
  { caseSensitive: true, allowHyphenAfter: true },
)
const looseMatcher = createPhraseMatcher<ActorRef>(
  entries.filter((e) => !e.caseSensitive).map((e) => [e.alias, e.ref] as const),
  { caseSensitive: false, allowHyphenAfter: true },
)
const matchers: PhraseMatcher<ActorRef>[] = [exactMatcher, looseMatcher]

/** Every alias, lower-cased, so organizations can refuse a gang's name. */
export const ACTOR_ALIASES: ReadonlySet<string> = new Set(entries.map((e) => e.alias.toLowerCase()))
/** Aliases that are never ordinary words: a name starting with one is a gang's ("LockBit Claims …"), never a victim's. */
export const DISTINCT_ACTOR_ALIASES: ReadonlySet<string> = new Set(
  entries.filter((e) => !e.ref.contextual).map((e) => e.alias.toLowerCase()),
)

export function extractActors(text: ReportText): string[] {
  const found = new Map<string, number>()
  let offset = 0
  for (const part of [text.title, text.summary, text.content]) {
    for (const matcher of matchers) {
      for (const hit of matcher.findAll(part)) {
        if (hit.value.contextual && !hasActorContext(part, hit.index, hit.end)) continue
        const at = offset + hit.index
        const seen = found.get(hit.value.name)
        if (seen === undefined || at < seen) found.set(hit.value.name, at)
      }
    }
    offset += part.length + 1
  }
  return [...found.entries()].sort((a, b) => a[1] - b[1]).map(([name]) => name)
}

export function canonicalActor(name: string): string | null {
  const lower = name.trim().toLowerCase()
  for (const e of entries) if (e.alias.toLowerCase() === lower) return e.ref.name
  return null
}

function hasActorContext(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - CONTEXT_WINDOW), start)
  const after = text.slice(end, end + CONTEXT_WINDOW)
  return ACTOR_CONTEXT.test(before) || ACTOR_CONTEXT.test(after)
}
