// The fast path for well-formed RSS and RDF: from one tokenizer pass (xml-tree.ts), exactly the
// nodes rss-parser (xml2js, strict) would hand the adapter in rss.ts: the channel's attributes,
// title, link and ttl, and per item the raw xml2js-shaped nodes of the custom fields. xml2js on
// sax costs about 4× a bare tokenizer pass, and it was half of parsing.
//
// It only answers for documents it can vouch for: what xml-tree.ts refuses, and iTunes feeds
// whose decoration rss-parser may choke on, return undefined, and the caller takes the
// rss-parser path, which stays the reference.

import type { Pacer } from '../lib/pace.js'
import type { RssParserItem, RssParserOutput } from './rss-parser-read.js'
import { RSS_ITEM_FIELDS } from './rss-parser-read.js'
import { buildTree, buildTreePaced, isObject, Unsupported, type XmlObject, type XmlTree } from './xml-tree.js'

/** rss-parser's copyFromXML for one non-array field: the first node, its `_` when it has one. */
function readFirst(channel: XmlObject, name: string): unknown {
  const list = channel[name]
  if (!Array.isArray(list)) return undefined
  const first: unknown = list[0]
  return isObject(first) && typeof first['_'] === 'string' ? first['_'] : first
}

function adaptItem(node: unknown): RssParserItem {
  const item: RssParserItem = {}
  if (!isObject(node)) return item
  if (node['$'] !== undefined) item['attrs'] = node['$']
  for (const [element, field] of RSS_ITEM_FIELDS) {
    if (node[element] !== undefined) item[field] = node[element]
  }
  return item
}

/** The rss-parser output for a well-formed RSS/RDF document, or undefined to use rss-parser. */
export function readRssFast(xml: string): RssParserOutput | undefined {
  let tree: XmlTree
  try {
    tree = buildTree(xml)
  } catch (err) {
    if (err instanceof Unsupported) return undefined
    throw err
  }
  return adaptTree(tree)
}

/** readRssFast, handing the event loop back whenever `pace` says the slice is used up. */
export async function readRssFastPaced(xml: string, pace: Pacer): Promise<RssParserOutput | undefined> {
  let tree: XmlTree
  try {
    tree = await buildTreePaced(xml, pace)
  } catch (err) {
    if (err instanceof Unsupported) return undefined
    throw err
  }
  return adaptTree(tree)
}

function adaptTree(tree: XmlTree): RssParserOutput | undefined {
  const { name, value } = tree
  if (!isObject(value)) return undefined
  let channel: unknown
  let items: unknown
  if (name === 'rss') {
    // rss-parser decorates iTunes feeds with code that can throw on odd documents: leave them to it.
    if (isObject(value['$']) && value['$']['xmlns:itunes'] !== undefined) return undefined
    const channels = value['channel']
    if (!Array.isArray(channels)) return undefined
    channel = channels[0]
    items = isObject(channel) ? channel['item'] : undefined
  } else if (name === 'rdf:RDF') {
    const channels = value['channel']
    if (!Array.isArray(channels)) return undefined
    channel = channels[0]
    items = value['item']
  } else {
    return undefined
  }
  const output: RssParserOutput = { items: (Array.isArray(items) ? items : []).map(adaptItem) }
  if (isObject(channel)) {
    if (channel['$'] !== undefined) output['attrs'] = channel['$']
    const title = channel['title'] !== undefined ? readFirst(channel, 'title') : readFirst(channel, 'dc:title')
    if (title !== undefined) output['title'] = title
    const link = readFirst(channel, 'link')
    if (link !== undefined) output['link'] = link
    const ttl = readFirst(channel, 'ttl')
    if (ttl !== undefined) output['ttl'] = ttl
  }
  return output
}
