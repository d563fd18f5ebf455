// settings.categorySynonyms: category names that are one category. Each key is the name to show,
// its list the names filed under it: { "Health": ["Healthcare", "Health Data"] }. Names compare by
// their category key (case, spacing and punctuation folded: src/lib/category-key.ts). The table
// given in feeds.json is merged over the defaults: an entry for a default's name replaces it
// ("Health": [] turns the default off).
import { toCategoryKey } from '../lib/category-key.js'
import { describeValue } from './config-errors.js'

export type CategorySynonyms = Readonly<Record<string, readonly string[]>>

export const DEFAULT_CATEGORY_SYNONYMS: CategorySynonyms = Object.freeze({
  Health: Object.freeze(['Healthcare', 'Health Care', 'Health Data']),
})

const MAX_NAME_LENGTH = 100

/**
 * The merged table, or undefined after reporting each problem through `add(field, message)` with
 * its path (`settings.categorySynonyms["Health"][1]`).
 */
export function readCategorySynonyms(value: unknown, add: (field: string, message: string) => void): CategorySynonyms | undefined {
  const field = 'settings.categorySynonyms'
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    add(field, `expected an object of "Name": ["Synonym", …], got ${describeValue(value)}`)
    return undefined
  }
  const merged = new Map<string, { name: string; synonyms: string[] }>()
  for (const [name, synonyms] of Object.entries(DEFAULT_CATEGORY_SYNONYMS))
    merged.set(toCategoryKey(name), { name, synonyms: [...synonyms] })
  let ok = true
  for (const [name, list] of Object.entries(value as Record<string, unknown>)) {
    const at = `${field}[${JSON.stringify(name)}]`
    if (!isName(name)) {
      add(at, `expected a category name with a letter or digit, at most ${MAX_NAME_LENGTH} characters`)
      ok = false
      continue
    }
    if (!Array.isArray(list)) {
      add(at, `expected a list of category names, got ${describeValue(list)}`)
      ok = false
      continue
    }
    const synonyms: string[] = []
    list.forEach((synonym: unknown, i) => {
      if (typeof synonym !== 'string' || !isName(synonym)) {
        add(
          `${at}[${i}]`,
          `expected a category name with a letter or digit, at most ${MAX_NAME_LENGTH} characters, got ${describeValue(synonym)}`,
        )
        ok = false
      } else synonyms.push(synonym)
    })
    merged.set(toCategoryKey(name), { name, synonyms })
  }
  if (!ok) return undefined
  // A name filed under two names, or a shown name filed under another, has no one answer.
  const owner = new Map<string, string>()
  for (const { name } of merged.values()) owner.set(toCategoryKey(name), name)
  for (const { name, synonyms } of merged.values()) {
    for (const synonym of synonyms) {
      const key = toCategoryKey(synonym)
      const other = owner.get(key)
      if (other !== undefined && other !== name) {
        add(
          `${field}[${JSON.stringify(name)}]`,
          `"${synonym}" is already ${toCategoryKey(other) === key ? 'a name of its own' : `a synonym of "${other}"`}`,
        )
        ok = false
      }
      owner.set(key, name)
    }
  }
  return ok
    ? Object.freeze(Object.fromEntries([...merged.values()].map(({ name, synonyms }) => [name, Object.freeze(synonyms)])))
    : undefined
}

function isName(text: string): boolean {
  return text.length <= MAX_NAME_LENGTH && toCategoryKey(text) !== ''
}

const resolvers = new WeakMap<CategorySynonyms, (names: readonly string[]) => string[]>()

/** Maps an item's categories through the table: each synonym becomes its shown name; one per key, first kept. */
export function resolveCategories(synonyms: CategorySynonyms, names: readonly string[]): string[] {
  let resolve = resolvers.get(synonyms)
  if (resolve === undefined) {
    const byKey = new Map<string, string>()
    for (const [name, list] of Object.entries(synonyms)) {
      if (list.length === 0) continue
      byKey.set(toCategoryKey(name), name)
      for (const synonym of list) byKey.set(toCategoryKey(synonym), name)
    }
    resolve = (input) => {
      const seen = new Set<string>()
      const out: string[] = []
      for (const raw of input) {
        const name = byKey.get(toCategoryKey(raw)) ?? raw
        const key = toCategoryKey(name)
        if (key === '' || seen.has(key)) continue
        seen.add(key)
        out.push(name)
      }
      return out
    }
    resolvers.set(synonyms, resolve)
  }
  return resolve(names)
}
