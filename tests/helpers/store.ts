// Test helpers for anything that needs a store: a fresh in-memory Store per call, and a valid
// NormalizedItem with sensible defaults that a test overrides field by field.
import { createHash } from 'node:crypto'
import { openStore } from '../../src/store/index.js'
import type { FeedSource, NormalizedItem, Store } from '../../src/types.js'

/** A fresh in-memory store (schema migrated). Optionally syncs the given source ids first. */
export async function makeStore(sourceIds: string[] = []): Promise<Store> {
  const store = openStore(':memory:')
  if (sourceIds.length > 0) await store.syncSources(sourceIds.map((id) => makeSource({ id })))
  return store
}

/** A valid FeedSource (type feed, enabled) with the given overrides. */
export function makeSource(overrides: Partial<FeedSource> & { id: string }): FeedSource {
  return {
    url: `https://${overrides.id}.example/feed.xml`,
    type: 'feed',
    tags: [],
    enabled: true,
    republish: 'full',
    ...overrides,
  }
}

let counter = 0

/**
 * A valid NormalizedItem. Each call without `identityKey` gets a fresh one (and url/title built
 * from it); `contentHash` is derived from the reader-visible fields unless given.
 */
/** Overrides field by field; `contentHash: undefined` asks for it to be derived again. */
export type ItemOverrides = Partial<Omit<NormalizedItem, 'contentHash'>> & { contentHash?: string | undefined }

export function makeItem(overrides: ItemOverrides = {}): NormalizedItem {
  counter += 1
  const n = counter
  const sourceId = overrides.sourceId ?? 'src-a'
  const identityKey = overrides.identityKey ?? `key-${n}`
  const base: NormalizedItem = {
    sourceId,
    identityKey,
    guid: `guid-${identityKey}`,
    url: `https://${sourceId}.example/posts/${identityKey}`,
    title: `Item ${identityKey}`,
    author: null,
    publishedAt: '2026-01-01T00:00:00.000Z',
    dateIsFallback: false,
    updatedAt: null,
    summaryText: `Summary of item ${identityKey}`,
    contentHtml: `<p>Summary of item ${identityKey}</p>`,
    categories: [],
    ...overrides,
    contentHash: overrides.contentHash ?? '',
  }
  if (overrides.contentHash === undefined) base.contentHash = hashItem(base)
  return base
}

function hashItem(item: NormalizedItem): string {
  const visible = [
    item.url,
    item.title,
    item.author ?? '',
    item.publishedAt,
    item.summaryText,
    item.contentHtml,
    item.categories.join('\u0001'),
  ]
  return createHash('sha256').update(visible.join('\u0000')).digest('hex').slice(0, 32)
}
