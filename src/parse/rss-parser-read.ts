// rss-parser, configured once per call (a shared instance can accept malformed XML after an
// earlier error). The custom fields keep the raw xml2js nodes the adapters need: attributes
// (xml:base, rdf:about), every category and dc:subject, content:encoded, dc:creator, the
// namespaced fallbacks for title, summary and dates (dc, dcterms, media, itunes).

import Parser from 'rss-parser'

/** An xml2js node: text, or an object with `_` (text), `$` (attributes) and child arrays. */
export type XmlNode = string | { _?: unknown; $?: Record<string, unknown>; [child: string]: unknown }

export interface RssParserItem {
  [field: string]: unknown
}

export interface RssParserOutput {
  [field: string]: unknown
  items: RssParserItem[]
}

const keep = { keepArray: true }

/** Item element → the field its raw nodes are kept in (rss-parser here, the fast path alike). */
export const RSS_ITEM_FIELDS: readonly (readonly [element: string, field: string])[] = [
  ['title', 'titleNodes'],
  ['dc:title', 'dcTitleNodes'],
  ['media:title', 'mediaTitleNodes'],
  ['link', 'linkNodes'],
  ['guid', 'guidNodes'],
  ['category', 'categoryNodes'],
  ['dc:subject', 'subjectNodes'],
  ['dc:creator', 'creatorNodes'],
  ['author', 'authorNodes'],
  ['pubDate', 'pubDateNodes'],
  ['dcterms:issued', 'issuedNodes'],
  ['dc:date', 'dcDateNodes'],
  ['dcterms:created', 'createdNodes'],
  ['dcterms:modified', 'modifiedNodes'],
  ['description', 'descriptionNodes'],
  ['dc:description', 'dcDescriptionNodes'],
  ['itunes:summary', 'itunesSummaryNodes'],
  ['media:description', 'mediaDescriptionNodes'],
  ['media:group', 'mediaGroupNodes'],
  ['content:encoded', 'encodedNodes'],
]

function createParser(): Parser<Record<string, unknown>, Record<string, unknown>> {
  return new Parser({
    defaultRSS: 2,
    xml2js: { strict: true, async: false },
    customFields: {
      feed: [['$', 'attrs', keep]] as never,
      item: [['$', 'attrs', keep], ...RSS_ITEM_FIELDS.map(([element, field]) => [element, field, keep])] as never,
    },
  })
}

/** Parses an XML string with a fresh rss-parser; rejects with rss-parser's own error. */
export async function readWithRssParser(xml: string): Promise<RssParserOutput> {
  const output = await createParser().parseString(xml)
  return output as unknown as RssParserOutput
}

/** The text of an xml2js node (`<x>text</x>` or `<x a="1">text</x>`). */
export function readNodeText(node: unknown): string | undefined {
  if (typeof node === 'string') return node
  if (node !== null && typeof node === 'object') {
    const text = (node as { _?: unknown })._
    if (typeof text === 'string') return text
  }
  return undefined
}

/** An attribute of an xml2js node. */
export function readNodeAttr(node: unknown, name: string): string | undefined {
  if (node === null || typeof node !== 'object') return undefined
  const attrs = (node as { $?: unknown }).$
  if (attrs === null || typeof attrs !== 'object') return undefined
  const value = (attrs as Record<string, unknown>)[name]
  return typeof value === 'string' ? value : undefined
}

/** The nodes of a keepArray custom field (always an array). */
export function readNodes(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}
