// The fast path for well-formed RSS and RDF: one pass of htmlparser2's tokenizer (no DOM) that
// builds exactly the nodes rss-parser (xml2js, strict) would hand the adapter in rss.ts: the
// channel's attributes, title, link and ttl, and per item the raw xml2js-shaped nodes of the
// custom fields. xml2js on sax costs about 4× a bare tokenizer pass, and it was half of parsing.
//
// It only answers for documents it can vouch for: anything a strict XML parser would refuse or
// read differently (mismatched or unclosed tags, unquoted or repeated attributes, a raw `<` or an
// unknown reference in text, a declaration, text outside the root, names xml2js treats as its
// own keys, iTunes feeds whose decoration rss-parser may choke on) returns undefined, and the
// caller takes the rss-parser path, which stays the reference.

import { QuoteType, Tokenizer } from 'htmlparser2'
import type { RssParserItem, RssParserOutput } from './rss-parser-read.js'
import { RSS_ITEM_FIELDS } from './rss-parser-read.js'

type XmlObject = Record<string, unknown>

interface OpenElement {
  name: string
  obj: XmlObject
  text: string
  cdata: boolean
}

/** Keys xml2js gives a meaning of its own: an element or attribute by these names is left to it. */
const reservedNames = new Set(['_', '$', 'cdata'])
const reference = /&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos));/g
const namedReferences: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

class Unsupported extends Error {}

function isXmlCodePoint(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  )
}

/** Text or an attribute value with its references decoded; throws Unsupported on anything else. */
function decodeReferences(raw: string): string {
  if (raw.indexOf('&') === -1) {
    if (raw.indexOf('<') !== -1) throw new Unsupported()
    return raw
  }
  const decoded = raw.replace(reference, (_match, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) return namedReferences[name] ?? ''
    const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16)
    if (!isXmlCodePoint(code)) throw new Unsupported()
    return String.fromCodePoint(code)
  })
  // A `&` or `<` left in the raw text is not well-formed XML.
  const rest = raw.replace(reference, '')
  if (rest.indexOf('&') !== -1 || rest.indexOf('<') !== -1) throw new Unsupported()
  return decoded
}

/** xml2js's value for a closed element: the text, the object, or the (whitespace) text when empty. */
function finishElement(element: OpenElement): unknown {
  const { obj, text } = element
  if (/^\s*$/.test(text) && !element.cdata) {
    return Object.keys(obj).length === 0 ? text : obj
  }
  obj['_'] = text
  return Object.keys(obj).length === 1 ? text : obj
}

function appendChild(parent: XmlObject, name: string, value: unknown): void {
  const list = parent[name]
  if (Array.isArray(list)) list.push(value)
  else parent[name] = [value]
}

/** The document as xml2js (strict, explicitArray) would build it: { [rootName]: value }. */
function buildTree(xml: string): { name: string; value: unknown } {
  const stack: OpenElement[] = []
  let root: { name: string; value: unknown } | undefined
  let tagName = ''
  let attrs: XmlObject | undefined
  let attrName = ''
  let attrValue = ''
  let ended = false

  const openElement = (): void => {
    if (root !== undefined || reservedNames.has(tagName)) throw new Unsupported()
    const obj: XmlObject = Object.create(null) as XmlObject
    if (attrs !== undefined) obj['$'] = attrs
    stack.push({ name: tagName, obj, text: '', cdata: false })
    attrs = undefined
  }
  const closeElement = (name: string): void => {
    const element = stack.pop()
    if (element === undefined || element.name !== name) throw new Unsupported()
    const value = finishElement(element)
    const parent = stack[stack.length - 1]
    if (parent === undefined) root = { name, value }
    else appendChild(parent.obj, name, value)
  }
  const addText = (text: string, cdata: boolean): void => {
    const current = stack[stack.length - 1]
    if (current === undefined) {
      if (cdata || !/^\s*$/.test(text)) throw new Unsupported()
      return
    }
    current.text += text
    if (cdata) current.cdata = true
  }

  const tokenizer = new Tokenizer(
    { xmlMode: true, decodeEntities: false },
    {
      onopentagname(start, end) {
        tagName = xml.slice(start, end)
        attrs = undefined
      },
      onattribname(start, end) {
        attrName = xml.slice(start, end)
        attrValue = ''
      },
      onattribdata(start, end) {
        attrValue += xml.slice(start, end)
      },
      onattribentity() {
        throw new Unsupported()
      },
      onattribend(quote) {
        if (quote !== QuoteType.Double && quote !== QuoteType.Single) throw new Unsupported()
        if (reservedNames.has(attrName)) throw new Unsupported()
        attrs ??= Object.create(null) as XmlObject
        if (attrName in attrs) throw new Unsupported()
        attrs[attrName] = decodeReferences(attrValue)
      },
      onopentagend() {
        openElement()
      },
      onselfclosingtag() {
        openElement()
        closeElement(tagName)
      },
      onclosetag(start, end) {
        closeElement(xml.slice(start, end))
      },
      ontext(start, end) {
        addText(decodeReferences(xml.slice(start, end)), false)
      },
      ontextentity() {
        throw new Unsupported()
      },
      oncdata(start, end, offset) {
        addText(xml.slice(start, end - offset), true)
      },
      oncomment(start, end, offset) {
        if (xml.slice(start, end - offset).includes('--')) throw new Unsupported()
      },
      ondeclaration() {
        throw new Unsupported()
      },
      onprocessinginstruction() {
        // Ignored, as xml2js ignores them.
      },
      onend() {
        ended = true
      },
    },
  )
  tokenizer.write(xml)
  tokenizer.end()
  if (!ended || stack.length > 0 || root === undefined) throw new Unsupported()
  return root
}

function isObject(value: unknown): value is XmlObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

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
  let tree: { name: string; value: unknown }
  try {
    tree = buildTree(xml)
  } catch (err) {
    if (err instanceof Unsupported) return undefined
    throw err
  }
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
