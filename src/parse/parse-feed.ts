// bytes → ParsedFeed: decode the charset, sniff the format from the content, repair the XML,
// spell element names canonically, then read it (rss-parser / feedsmith for XML, JSON.parse for
// JSON Feed). docs/parsing.md lists the steps and the precedence of elements.

import { ParseError } from '../errors.js'
import { createPacer } from '../lib/pace.js'
import type { ParsedFeed } from '../types.js'
import { adaptAtom03 } from './atom03-compat.js'
import { canonicalizeNames } from './canonical-names.js'
import { applyContentLocation } from './content-location.js'
import { decodeBody } from './decode.js'
import { detectFormat } from './detect.js'
import { type CappedDocument, capJsonFeedItems, capXmlItems, measureItemCap } from './item-cap.js'
import { parseJsonFeed } from './json-feed.js'
import { readXmlFeed } from './read-xml-feed.js'
import { sanitizeXml, stripDoctype } from './sanitize-xml.js'

export interface ParseContext {
  /** The URL the document came from (after redirects): the base of relative xml:base values. */
  url: string
  /** The HTTP Content-Type, for its charset only. */
  contentType?: string | undefined
  /** The HTTP Content-Location: the base of relative links where no xml:base applies. */
  contentLocation?: string | undefined
}

/**
 * Parses a fetched feed body. Async because rss-parser's parseString is.
 * Throws ParseError: 'empty', 'unrecognized_format' (HTML page, other JSON, unknown XML), 'malformed'.
 */
export async function parseFeed(body: Buffer | string, ctx: ParseContext): Promise<ParsedFeed> {
  // Each whole-document pass below is tens of milliseconds on a big feed: the event loop gets a
  // turn between them (lib/pace.ts), as it does inside the readers.
  const pace = createPacer()
  const { text } = decodeBody(body, ctx.contentType)
  await pace()
  if (text.trim() === '') throw new ParseError('empty', 'parse: the document is empty')
  // The sniffer reads the head only; a long DOCTYPE can hide the root element past it.
  let format = detectFormat(text)
  if (format === 'unknown') format = detectFormat(stripDoctype(text))
  // The items-per-megabyte cap, before any reader builds an item (item-cap.ts).
  const maxItems = measureItemCap(typeof body === 'string' ? Buffer.byteLength(body) : body.length)
  switch (format) {
    case 'json': {
      const capped = capJsonFeedItems(text, maxItems)
      await pace()
      return noteCut(applyContentLocation(parseJsonFeed(capped.text), ctx.contentLocation, ctx.url), capped)
    }
    case 'json-other':
      throw new ParseError('unrecognized_format', 'parse: the document is JSON but not a JSON Feed')
    case 'html':
      throw new ParseError('unrecognized_format', 'parse: the document is an HTML page, not a feed')
    case 'unknown':
      throw new ParseError('unrecognized_format', 'parse: the document is not RSS, Atom, RDF or JSON Feed')
    default: {
      const sanitized = sanitizeXml(text)
      await pace()
      const canonical = canonicalizeNames(sanitized, format)
      await pace()
      const capped = capXmlItems(canonical, format, maxItems)
      await pace()
      const xml = capped.text
      const feed = await readXmlFeed(format === 'atom03' ? adaptAtom03(xml) : xml, format, ctx.url)
      return noteCut(applyContentLocation(feed, ctx.contentLocation, ctx.url), capped)
    }
  }
}

function noteCut(feed: ParsedFeed, capped: CappedDocument): ParsedFeed {
  if (capped.cut > 0) feed.overItemCap = capped.cut
  return feed
}
