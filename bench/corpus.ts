// The ingest corpus: real-style feeds written to a temp dir until they reach the target size.
// Deterministic from the seed; nothing big is committed.

import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type DocFormat, extensionOf, makeFeedDocument } from './feed-documents.js'
import { createRandom, deriveSeed } from './random.js'

export interface CorpusFile {
  path: string
  sourceIndex: number
  format: DocFormat
  contentType: string
  /** The URL the feed pretends to come from. */
  url: string
  bytes: number
  items: number
}

export interface Corpus {
  dir: string
  files: CorpusFile[]
  totalBytes: number
  totalItems: number
  byFormat: Record<DocFormat, { files: number; bytes: number; items: number }>
}

export function generateCorpus(dir: string, opts: { seed: number; targetBytes: number }): Corpus {
  mkdirSync(dir, { recursive: true })
  const sizes = createRandom(deriveSeed(opts.seed, 'corpus-sizes'))
  const files: CorpusFile[] = []
  const byFormat: Corpus['byFormat'] = {
    rss: { files: 0, bytes: 0, items: 0 },
    atom: { files: 0, bytes: 0, items: 0 },
    json: { files: 0, bytes: 0, items: 0 },
  }
  let totalBytes = 0
  let totalItems = 0
  for (let index = 0; totalBytes < opts.targetBytes; index++) {
    // WordPress's default feed length is 10; many sites raise it. Full articles of 2–8 paragraphs.
    const doc = makeFeedDocument(opts.seed, index, sizes.int(10, 40), [2, 8])
    const bytes = Buffer.byteLength(doc.body)
    const path = join(dir, `source-${String(index).padStart(4, '0')}.${extensionOf(doc.format)}`)
    writeFileSync(path, doc.body)
    files.push({
      path,
      sourceIndex: index,
      format: doc.format,
      contentType: doc.contentType,
      url: `https://feeds.example.net/${index}/feed`,
      bytes,
      items: doc.itemCount,
    })
    byFormat[doc.format].files++
    byFormat[doc.format].bytes += bytes
    byFormat[doc.format].items += doc.itemCount
    totalBytes += bytes
    totalItems += doc.itemCount
  }
  return { dir, files, totalBytes, totalItems, byFormat }
}
