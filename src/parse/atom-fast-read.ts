// The fast path for well-formed Atom 1.0: from one tokenizer pass (xml-tree.ts), the parts of
// feedsmith's Atom structure that adaptAtomFeed reads (atom.ts), with feedsmith's value rules:
// the first of a repeated element, text trimmed (empty is absent), entities and CDATA decoded,
// a person, category or link without attributes or children dropped, an entry with nothing
// readable dropped. feedsmith (on fast-xml-parser) costs several times a bare tokenizer pass.
//
// It answers only where it reads exactly what feedsmith reads, and returns undefined otherwise
// (feedsmith stays the reference): besides what xml-tree.ts refuses, a root that is not an
// unprefixed <feed> in the Atom namespace, any prefixed element (Dublin Core, Media RSS, …: the
// namespace resolver's work), a namespace declared below the root, upper-case names (feedsmith
// lower-cases them), markup inside a text value (xhtml content), a comment inside CDATA or a
// processing instruction inside the root (feedsmith keeps both as text), the
// references HTML decodes differently from XML (&#128;–&#159;), a link without href, a feed
// without entries.

import type { ParsedFeed } from '../types.js'
import { type AtomFeedStructure, adaptAtomFeed } from './atom.js'
import { buildTree, isObject, Unsupported, type XmlObject } from './xml-tree.js'

const ATOM_NAMESPACE = 'http://www.w3.org/2005/Atom'
/** HTML maps these references to Windows-1252 characters; XML reads them as C1 controls. */
const C1_REFERENCE = /&#(?:0*(?:12[89]|1[3-5]\d)|[xX]0*[89][0-9a-fA-F]);/
const UPPER_CASE = /[A-Z]/

type Text = { value?: string; type?: string; src?: string; xml?: { base?: string } }

/** feedsmith's parseString: trimmed, and absent when empty. */
function readValue(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined
  return raw.trim() || undefined
}

function childrenOf(node: XmlObject, name: string): unknown[] {
  const list = node[name]
  return Array.isArray(list) ? list : []
}

function attrsOf(node: unknown): XmlObject | undefined {
  return isObject(node) && isObject(node['$']) ? node['$'] : undefined
}

function attrValue(node: unknown, name: string): string | undefined {
  const value = attrsOf(node)?.[name]
  return typeof value === 'string' ? readValue(value) : undefined
}

/** A text-only element's value; an element holding markup is not read here. */
function leafText(node: unknown): string | undefined {
  if (typeof node === 'string') return readValue(node)
  if (!isObject(node)) return undefined
  for (const key of Object.keys(node)) if (key !== '$' && key !== '_') throw new Unsupported()
  return typeof node['_'] === 'string' ? readValue(node['_']) : undefined
}

const firstLeaf = (node: XmlObject, name: string): string | undefined => leafText(childrenOf(node, name)[0])

function isXhtmlType(type: string | undefined): boolean {
  return type === 'xhtml' || type === 'application/xhtml+xml'
}

/** A text construct (title, summary) or content: feedsmith's parseText / parseContent. */
function readText(node: unknown, isContent: boolean): Text | undefined {
  if (node === undefined) return undefined
  const attrs = attrsOf(node)
  if (attrs === undefined) {
    const value = leafText(node)
    return value === undefined ? undefined : { value }
  }
  const type = attrValue(node, 'type')
  if (isXhtmlType(type)) throw new Unsupported()
  const value = leafText(node)
  if (!isContent && value === undefined) return undefined
  const base = attrValue(node, 'xml:base')
  const text: Text = {}
  if (value !== undefined) text.value = value
  if (type !== undefined) text.type = type
  const src = isContent ? attrValue(node, 'src') : undefined
  if (src !== undefined) text.src = src
  if (base !== undefined) text.xml = { base }
  return Object.keys(text).length > 0 || hasXmlAttribute(node) ? text : undefined
}

/** feedsmith keeps an element's xml:* attributes (lang, base, space, id) as its `xml` part. */
function hasXmlAttribute(node: unknown): boolean {
  return ['xml:lang', 'xml:base', 'xml:space', 'xml:id'].some((name) => attrValue(node, name) !== undefined)
}

function readLinks(node: XmlObject): { href: string; rel?: string; type?: string }[] {
  return childrenOf(node, 'link').flatMap((link) => {
    if (!isObject(link)) return []
    const href = attrValue(link, 'href')
    if (href === undefined) throw new Unsupported()
    const out: { href: string; rel?: string; type?: string } = { href }
    const rel = attrValue(link, 'rel')
    const type = attrValue(link, 'type')
    if (rel !== undefined) out.rel = rel
    if (type !== undefined) out.type = type
    return [out]
  })
}

function readPeople(node: XmlObject): { name?: string }[] {
  return childrenOf(node, 'author').flatMap((person) => {
    if (!isObject(person)) return []
    const name = firstLeaf(person, 'name')
    const other = firstLeaf(person, 'uri') ?? firstLeaf(person, 'url') ?? firstLeaf(person, 'email')
    if (name === undefined) return other === undefined ? [] : [{}]
    return [{ name }]
  })
}

function readCategories(node: XmlObject): { term?: string; label?: string }[] {
  return childrenOf(node, 'category').flatMap((category) => {
    if (!isObject(category)) return []
    const term = attrValue(category, 'term')
    const label = attrValue(category, 'label')
    const scheme = attrValue(category, 'scheme')
    if (term === undefined && label === undefined && scheme === undefined) return []
    return [{ ...(term === undefined ? {} : { term }), ...(label === undefined ? {} : { label }) }]
  })
}

type Entry = NonNullable<AtomFeedStructure['entries']>[number]

function readEntry(node: unknown): Entry | undefined {
  if (!isObject(node)) return undefined
  const entry: Record<string, unknown> = {
    authors: readPeople(node),
    categories: readCategories(node),
    content: readText(childrenOf(node, 'content')[0], true),
    id: firstLeaf(node, 'id'),
    links: readLinks(node),
    published: firstLeaf(node, 'published') ?? firstLeaf(node, 'issued') ?? firstLeaf(node, 'created'),
    summary: readText(childrenOf(node, 'summary')[0], false),
    title: readText(childrenOf(node, 'title')[0], false),
    updated: firstLeaf(node, 'updated') ?? firstLeaf(node, 'modified'),
  }
  const base = attrValue(node, 'xml:base')
  if (base !== undefined) entry['xml'] = { base }
  if (Object.values(entry).some((v) => (Array.isArray(v) ? v.length > 0 : v !== undefined)) || hasXmlAttribute(node)) return entry as Entry
  // Whether feedsmith keeps an entry with only these (parts adaptAtomFeed ignores) depends on
  // their contents: left to it.
  if (['contributor', 'rights', 'source'].some((name) => childrenOf(node, name).length > 0)) throw new Unsupported()
  return undefined
}

/** Names feedsmith would read through its namespace resolver or lower-case: anywhere in the tree. */
function checkNames(node: unknown, isRoot: boolean): void {
  if (Array.isArray(node)) {
    for (const child of node) checkNames(child, false)
    return
  }
  if (!isObject(node)) return
  for (const key of Object.keys(node)) {
    if (key === '_') continue
    if (key === '$') {
      for (const attr of Object.keys(node['$'] as XmlObject)) {
        if (UPPER_CASE.test(attr)) throw new Unsupported()
        if (!isRoot && (attr === 'xmlns' || attr.startsWith('xmlns:'))) throw new Unsupported()
      }
      continue
    }
    if (key.includes(':') || UPPER_CASE.test(key)) throw new Unsupported()
    checkNames(node[key], false)
  }
}

/** A comment inside CDATA: feedsmith strips it from the raw text, a tree keeps it. */
function hasCommentInCdata(xml: string): boolean {
  for (let at = xml.indexOf('<![CDATA['); at !== -1; at = xml.indexOf('<![CDATA[', at + 9)) {
    const end = xml.indexOf(']]>', at + 9)
    if (end === -1) return false
    if (xml.slice(at + 9, end).includes('<!--')) return true
  }
  return false
}

/** The parsed feed for a well-formed Atom 1.0 document, or undefined to use feedsmith. */
export function readAtomFast(xml: string, feedUrl: string): ParsedFeed | undefined {
  // feedsmith keeps a processing instruction inside a value as text; the tree drops it.
  const root = xml.indexOf('<feed')
  if (C1_REFERENCE.test(xml) || hasCommentInCdata(xml) || (root !== -1 && xml.includes('<?', root))) return undefined
  try {
    const { name, value } = buildTree(xml)
    if (name !== 'feed' || !isObject(value) || attrValue(value, 'xmlns') !== ATOM_NAMESPACE) return undefined
    checkNames(value, true)
    const entries = childrenOf(value, 'entry').flatMap((node) => readEntry(node) ?? [])
    if (entries.length === 0) return undefined
    const feed: AtomFeedStructure = { entries, links: readLinks(value), authors: readPeople(value) }
    const title = readText(childrenOf(value, 'title')[0], false)
    if (title?.value !== undefined) feed.title = { ...title, value: title.value }
    const base = attrValue(value, 'xml:base')
    if (base !== undefined) feed.xml = { base }
    return adaptAtomFeed(feed, feedUrl)
  } catch (err) {
    if (err instanceof Unsupported) return undefined
    throw err
  }
}
