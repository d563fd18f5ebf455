// One fuzz case end to end: bytes → parseFeed → normalizeItems → a real SQLite store (through
// the poller's storeItems, so story matching runs too) → listItems / getItem, then every
// invariant on what comes back out. Only a ParseError may escape the parser.

import { normalizeItems } from '../../src/clean/index.js'
import { ParseError } from '../../src/errors.js'
import { parseFeed } from '../../src/parse/index.js'
import { storeItems } from '../../src/poller/store-items.js'
import type { FeedSource, Store } from '../../src/types.js'
import { makeSource, makeStore } from '../helpers/store.js'
import { checkApiItem, checkIsoUtc, isAbsoluteHttpUrl } from './invariants.js'

export const FEED_URL = 'https://feed.example/news/feed.xml'
const NOW = new Date('2026-03-01T12:00:00.000Z')

export interface CaseResult {
  /** 'parse_error:<code>' or 'stored'. */
  outcome: string
  items: number
  problems: string[]
}

/** A fresh store with two sources: the fuzzed one and a neighbour already holding an item. */
export async function makeFuzzStore(): Promise<{ store: Store; source: FeedSource }> {
  const source = makeSource({ id: 'fuzzed', url: FEED_URL })
  const store = await makeStore()
  await store.syncSources([source, makeSource({ id: 'neighbour' })])
  return { store, source }
}

/** Runs one document through the whole pipeline into store; returns what went wrong (nothing, ideally). */
export async function runCase(body: Buffer | string, store: Store, source: FeedSource, contentType?: string): Promise<CaseResult> {
  let feed: Awaited<ReturnType<typeof parseFeed>>
  try {
    feed = await parseFeed(body, contentType === undefined ? { url: FEED_URL } : { url: FEED_URL, contentType })
  } catch (err) {
    if (err instanceof ParseError) {
      const problems =
        err.message.startsWith('parse:') || err.message.startsWith('extract:')
          ? []
          : [`ParseError message without module prefix: ${err.message}`]
      return { outcome: `parse_error:${err.code}`, items: 0, problems }
    }
    // Anything else escaping the parser is a bug: the fuzz case fails with it.
    throw err
  }
  const { items } = normalizeItems(feed, source, { feedUrl: FEED_URL, now: NOW })
  const problems: string[] = []
  for (const item of items) {
    if (!isAbsoluteHttpUrl(item.url)) problems.push(`normalized url not absolute http(s): ${item.url.slice(0, 80)}`)
    problems.push(...checkIsoUtc('normalized publishedAt', item.publishedAt, false))
  }
  await store.transaction((tx) => storeItems(tx, source, items, NOW.toISOString()))
  const bySource = await store.listItems({ sources: [source.id], limit: 200 })
  const river = await store.listItems({ limit: 200 })
  for (const api of [...bySource.items, ...river.items]) problems.push(...checkApiItem(api))
  for (const api of bySource.items) {
    const stored = await store.getItem(api.id)
    if (stored === undefined) problems.push(`item ${api.id} listed but not found by getItem`)
    else if (stored.identityKey === '') problems.push(`item ${api.id} has an empty identity key`)
  }
  const distinct = new Set(bySource.items.map((i) => i.id))
  if (distinct.size !== bySource.items.length) problems.push('the same item is listed twice')
  if (items.length <= 200 && bySource.items.length !== Math.min(await store.countItems(source.id), 200)) {
    problems.push(`listItems shows ${bySource.items.length} items, countItems says ${await store.countItems(source.id)}`)
  }
  return { outcome: 'stored', items: items.length, problems }
}
