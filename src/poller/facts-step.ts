// The facts step: every new or changed report gets its facts (src/facts) computed once, from its
// title, summary and content, and stored with it; a tabular row's mapped facts win over the
// extracted ones field by field. Items stored before facts existed get theirs from the backfill,
// a batch at a time, when a poller starts (lazily: until then they read as empty facts).
import { extractFacts, type Facts } from '../facts/index.js'
import type { FactsOrigin, NormalizedItem, Store, WrittenItem } from '../types.js'

/** Items per backfill transaction: short enough that the poller's own writes wait little. */
export const BACKFILL_BATCH = 200

type FactsText = Pick<NormalizedItem, 'title' | 'summaryText' | 'contentHtml' | 'facts'>

export function computeFacts(item: FactsText): { facts: Facts; origin: FactsOrigin } {
  const extracted = extractFacts({ title: item.title, summary: item.summaryText, content: item.contentHtml })
  const stated = item.facts
  if (stated === undefined) return { facts: extracted, origin: 'extracted' }
  const list = <T>(own: T[], other: T[]): T[] => (own.length > 0 ? own : other)
  return {
    facts: {
      organizations: list(stated.organizations, extracted.organizations),
      actors: list(stated.actors, extracted.actors),
      records: stated.records ?? extracted.records,
      dataTypes: list(stated.dataTypes, extracted.dataTypes),
      sector: stated.sector ?? extracted.sector,
      country: stated.country ?? extracted.country,
    },
    origin: 'official',
  }
}

/**
 * Stores the facts of the items an upsert wrote (inserted or changed: their text may differ) and
 * returns them in the same order (story matching weighs them next).
 */
export async function storeFacts(store: Store, written: readonly WrittenItem[]): Promise<Facts[]> {
  const all: Facts[] = []
  for (const { id, item } of written) {
    const { facts, origin } = computeFacts(item)
    await store.saveFacts(id, facts, origin)
    all.push(facts)
  }
  return all
}

/**
 * Computes the facts of every stored item that has none, in batches (one transaction each),
 * until none is left or `shouldStop` says so between batches. Resolves to how many it stored.
 */
export async function backfillFacts(store: Store, shouldStop: () => boolean = () => false): Promise<number> {
  let done = 0
  while (!shouldStop()) {
    const batch = await store.listItemsWithoutFacts(BACKFILL_BATCH)
    if (batch.length === 0) break
    await store.transaction(async (tx) => {
      for (const item of batch) {
        const { facts, origin } = computeFacts(item)
        await tx.saveFacts(item.id, facts, origin)
      }
    })
    done += batch.length
  }
  return done
}
