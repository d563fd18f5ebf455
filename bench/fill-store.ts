// The fast path to a big database: generated NormalizedItems written straight through
// store.upsertItems (no fetch, parse or clean), a source per transaction batch. One item in ten
// joins the story of an earlier item from another source, so pages show "also reported by".

import { hashFields } from '../src/lib/hash.js'
import type { FeedSource, NormalizedItem, Store } from '../src/types.js'
import { CORPUS_EPOCH } from './feed-documents.js'
import { createRandom, deriveSeed, type Random } from './random.js'
import { authors, categories, makeIncident, makeSentence, makeTitle } from './vocabulary.js'

export interface FillOptions {
  seed: number
  sources: number
  itemsPerSource: number
  /** Sentences of content per item (the HTML is about 160 bytes a sentence). */
  sentences: [number, number]
  /** Minutes between a source's items, on average. */
  spacingMinutes: number
  onProgress?: (done: number, total: number) => void
}

export function makeFillSources(count: number): FeedSource[] {
  const sources: FeedSource[] = []
  for (let i = 0; i < count; i++) {
    sources.push({
      id: `src-${i}`,
      title: `Breach Desk ${i}`,
      url: `https://news${i}.example.net/feed/`,
      homepage: `https://news${i}.example.net/`,
      type: 'feed',
      tags: [],
      enabled: true,
      republish: i % 5 === 0 ? 'excerpt' : 'full',
    })
  }
  return sources
}

export function makeFillItem(
  random: Random,
  seed: number,
  sourceIndex: number,
  i: number,
  time: number,
  sentences: [number, number],
): NormalizedItem {
  const incidentIndex = random.int(0, 20_000)
  const incident = makeIncident(createRandom(deriveSeed(seed, `incident-${incidentIndex}`)), incidentIndex)
  const title = makeTitle(random, incident)
  const paragraphs: string[] = []
  const texts: string[] = []
  const n = random.int(sentences[0], sentences[1])
  for (let s = 0; s < n; s += 4) {
    const part: string[] = []
    for (let k = s; k < Math.min(n, s + 4); k++) part.push(makeSentence(random, incident))
    texts.push(part.join(' '))
    paragraphs.push(`<p>${part.join(' ')}</p>`)
  }
  paragraphs.push(`<p>Read <a href="${incident.noticeUrl}" rel="noopener noreferrer">the notice</a>.</p>`)
  const url = `https://news${sourceIndex}.example.net/2026/${incident.slug}-${i}/`
  const publishedAt = new Date(time).toISOString()
  const summaryText = texts.join(' ').slice(0, 300)
  const contentHtml = paragraphs.join('\n')
  const cats = [random.pick(categories), incident.actor]
  const author = random.pick(authors)
  return {
    sourceId: `src-${sourceIndex}`,
    identityKey: hashFields(['guid', url]),
    guid: url,
    url,
    title,
    author,
    publishedAt,
    dateIsFallback: false,
    updatedAt: null,
    summaryText,
    contentHtml,
    categories: cats,
    contentHash: hashFields([title, url, author, publishedAt, summaryText, contentHtml, cats.join('\u001f')]),
  }
}

/** Fills `store` (already migrated) with sources × itemsPerSource items. Returns items written. */
export async function fillStore(store: Store, opts: FillOptions): Promise<number> {
  const sources = makeFillSources(opts.sources)
  await store.syncSources(sources)
  const total = opts.sources * opts.itemsPerSource
  const nowIso = new Date(CORPUS_EPOCH + 86_400_000).toISOString()
  // Recent item ids per source, for story merges across sources.
  const recent: { id: number; storyId: number; source: number }[] = []
  let done = 0
  const batch = Math.max(1, Math.floor(20_000 / opts.itemsPerSource))
  for (let first = 0; first < opts.sources; first += batch) {
    await store.transaction(async (tx) => {
      for (let s = first; s < Math.min(opts.sources, first + batch); s++) {
        const random = createRandom(deriveSeed(opts.seed, `fill-${s}`))
        let time = CORPUS_EPOCH - random.int(0, 120) * 60_000
        const items: NormalizedItem[] = []
        for (let i = 0; i < opts.itemsPerSource; i++) {
          items.push(makeFillItem(random, opts.seed, s, i, time, opts.sentences))
          time -= random.int(1, 2 * opts.spacingMinutes) * 60_000
        }
        const { written } = await tx.upsertItems(`src-${s}`, items, nowIso)
        for (const [k, w] of written.entries()) {
          if (k % 10 === 3 && recent.length > 0) {
            const mate = recent[random.int(0, recent.length - 1)]
            if (mate !== undefined && mate.source !== s) {
              await tx.assignStory(w.id, { storyId: mate.storyId, itemId: mate.id, reason: 'similar_title', score: 0.5 })
              continue
            }
          }
          if (k % 50 === 0) recent.push({ id: w.id, storyId: w.id, source: s })
        }
        while (recent.length > 200) recent.shift()
        done += items.length
      }
    })
    opts.onProgress?.(done, total)
  }
  return done
}
