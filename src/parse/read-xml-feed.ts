// XML feeds: the primary reader for the format, then the rescues, in order:
//   RSS/RDF: rss-parser (after its tokenizer fast path) → feedsmith;  Atom: feedsmith (after its
//   tokenizer fast path, Atom 1.0 only).
// A truncated document (root never closed) is read cut to its complete items (salvage.ts), and as
// sent only when no reader can read the cut one. A reader that finds no items does not end the
// search (RDF edge cases); its result is returned only when no reader finds any.
// When every reader fails: ParseError 'malformed' carrying the first reader's reason.

import { ParseError } from '../errors.js'
import { log } from '../lib/log.js'
import type { ParsedFeed } from '../types.js'
import { parseAtomDocument } from './atom.js'
import { readAtomFast } from './atom-fast-read.js'
import type { DetectedFormat } from './detect.js'
import { parseWithFeedsmith } from './fallback.js'
import { countFastPath } from './fast-path-stats.js'
import { parseRssDocument } from './rss.js'
import { salvageTruncated } from './salvage.js'

type XmlFormat = Extract<DetectedFormat, 'rss' | 'rdf' | 'atom' | 'atom03'>
type Reader = (xml: string) => ParsedFeed | Promise<ParsedFeed>

function describe(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err)
  return message.split('\n')[0] ?? 'unknown error'
}

function listReaders(format: XmlFormat, feedUrl: string): { name: string; read: Reader }[] {
  if (format === 'atom') return [{ name: 'feedsmith', read: (xml) => readAtomFastOrFeedsmith(xml, feedUrl) }]
  if (format === 'atom03') return [{ name: 'feedsmith', read: (xml) => parseAtomDocument(xml, feedUrl) }]
  return [
    { name: 'rss-parser', read: (xml) => parseRssDocument(xml, format, feedUrl) },
    { name: 'feedsmith', read: (xml) => parseWithFeedsmith(xml, feedUrl) },
  ]
}

/** Atom 1.0: the tokenizer fast path where it vouches for the document, feedsmith otherwise. */
function readAtomFastOrFeedsmith(xml: string, feedUrl: string): ParsedFeed {
  const fast = readAtomFast(xml, feedUrl)
  countFastPath('atom', fast !== undefined)
  return fast ?? parseAtomDocument(xml, feedUrl)
}

/** Reads a sanitized XML feed document. */
export async function readXmlFeed(xml: string, format: XmlFormat, feedUrl: string): Promise<ParsedFeed> {
  const readers = listReaders(format, feedUrl)
  const salvaged = salvageTruncated(xml, format)
  let firstError: unknown
  // A truncated document is read cut to what arrived whole: lenient readers would otherwise keep
  // the half-arrived last item. Only when no reader can read the cut document is the whole tried.
  const passes =
    salvaged === undefined
      ? [{ xml, label: '' }]
      : [
          { xml: salvaged, label: ' (complete items)' },
          { xml, label: '' },
        ]
  for (const pass of passes) {
    let emptyResult: ParsedFeed | undefined
    for (const reader of readers) {
      try {
        const feed = await reader.read(pass.xml)
        if (feed.items.length > 0) {
          if (firstError !== undefined)
            log.debug('Feed read by a fallback reader', {
              feed_url: feedUrl,
              reader: reader.name + pass.label,
              reason: describe(firstError),
            })
          return feed
        }
        emptyResult ??= feed
      } catch (err) {
        firstError ??= err
      }
    }
    if (emptyResult) return emptyResult
  }
  throw new ParseError('malformed', `parse: the ${format === 'atom03' ? 'atom' : format} document is malformed: ${describe(firstError)}`, {
    cause: firstError,
  })
}
