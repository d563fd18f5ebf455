// OPML 1.0 / 2.0 → the subscriptions it lists. Read with cheerio in XML mode, which shrugs off
// what real exports get wrong (stray "&", unknown entities, attribute case: xmlUrl / xmlurl).
// Folders (outlines without xmlUrl) become tags of the feeds inside them, outermost first;
// an OPML 2.0 `category` attribute ("/Security,/News/Breaches") adds its paths' last parts.
// breachwire:enabled="false" (the prefix bound to breachwire's namespace on <opml>, as
// feed-export's renderOpml writes it) marks a source that was disabled.

import type { Cheerio, CheerioAPI } from 'cheerio'
import { load } from 'cheerio'
import type { Element } from 'domhandler'
import { decodeBody } from '../parse/index.js'
import { OpmlError } from './opml-error.js'

export interface OpmlFeed {
  /** title, else text (trimmed); undefined when the outline names nothing. */
  title?: string
  /** As written (feed:// and feed: prefixes turned into http(s)), untrusted. */
  xmlUrl: string
  htmlUrl?: string
  /** The outline's type attribute, lowercase ("rss", "atom", …), when given. */
  type?: string
  /** Folder names outermost first, then categories; each once. */
  tags: string[]
  /** 1-based position among the outlines of the file, for messages. */
  position: number
  /** From breachwire:enabled ("true"/"false"); absent when the outline does not say. */
  enabled?: boolean
}

export interface OpmlSkip {
  title?: string
  position: number
  reason: string
}

export interface ParsedOpml {
  title?: string
  feeds: OpmlFeed[]
  /** Outlines that look like subscriptions but cannot be one (another type, no URL). */
  skipped: OpmlSkip[]
}

/** breachwire's OPML namespace: the same URI as feed-export's BREACHWIRE_OPML_NAMESPACE. */
const breachwireNamespace = 'https://github.com/breachwire/breachwire#opml'

/** Outline types that are never feeds (OPML 2.0 `link` and `include`, FreshRSS scraping types). */
const nonFeedTypes = new Set(['link', 'include', 'html+xpath', 'xml+xpath', 'json+dotnotation', 'html+xpath+json+dotnotation'])

/** An attribute read case-insensitively (exports differ: xmlUrl, xmlurl, XMLURL). */
function readAttr(el: Element, name: string): string | undefined {
  const wanted = name.toLowerCase()
  for (const [key, value] of Object.entries(el.attribs ?? {})) {
    if (key.toLowerCase() === wanted) {
      const trimmed = value.trim()
      return trimmed === '' ? undefined : trimmed
    }
  }
  return undefined
}

/** feed://host/x → http://host/x, feed:https://host/x → https://host/x; other values unchanged. */
export function resolveFeedScheme(url: string): string {
  if (/^feed:\/\//i.test(url)) return `http://${url.slice('feed://'.length)}`
  if (/^feed:https?:/i.test(url)) return url.slice('feed:'.length)
  return url
}

/** The last part of each "/a/b" path in a category attribute. */
function readCategories(value: string | undefined): string[] {
  if (value === undefined) return []
  return value
    .split(',')
    .map(
      (path) =>
        path
          .split('/')
          .filter((p) => p.trim() !== '')
          .pop()
          ?.trim() ?? '',
    )
    .filter((name) => name !== '')
}

function nameOf(el: Element): string | undefined {
  const name = readAttr(el, 'title') ?? readAttr(el, 'text')
  return name?.replace(/\s+/g, ' ')
}

/** Parses an OPML document. Throws OpmlError when it is not OPML; bad outlines are skipped. */
export function parseOpml(input: Buffer | string): ParsedOpml {
  const { text } = decodeBody(input)
  if (text.trim() === '') throw new OpmlError('empty', 'opml: the file is empty')
  const $ = load(text, { xml: { xmlMode: true, decodeEntities: true } })
  const root = $.root()
    .children()
    .filter((_, el) => el.type === 'tag')
    .first()
  const rootName = root.length > 0 ? (root.get(0) as Element).name.toLowerCase() : undefined
  if (rootName !== 'opml') {
    const found = rootName === undefined ? 'no XML element' : `<${rootName}>`
    throw new OpmlError('not_opml', `opml: not an OPML document (its root element is ${found}, expected <opml>)`)
  }
  const out: ParsedOpml = { feeds: [], skipped: [] }
  const docTitle = childElements(root, 'head').first()
  const title = childElements(docTitle, 'title').first().text().replace(/\s+/g, ' ').trim()
  if (title !== '') out.title = title
  const walk: Walk = { n: 0, enabledAttrs: findEnabledAttributes(root.get(0) as Element) }
  for (const body of childElements(root, 'body').toArray()) readOutlines($, $(body), [], out, walk)
  return out
}

interface Walk {
  /** Outlines seen so far. */
  n: number
  /** Lowercased names of the enabled attribute, one per prefix bound to breachwire's namespace. */
  enabledAttrs: string[]
}

/** `<prefix>:enabled` for every xmlns:<prefix> on the root that names breachwire's namespace. */
function findEnabledAttributes(root: Element): string[] {
  const names: string[] = []
  for (const [key, value] of Object.entries(root.attribs ?? {})) {
    const m = /^xmlns:(.+)$/i.exec(key)
    if (m && value.trim() === breachwireNamespace) names.push(`${m[1]}:enabled`.toLowerCase())
  }
  return names
}

/** "true" / "false" (any case) from the first enabled attribute present; undefined otherwise. */
function readEnabled(el: Element, names: string[]): boolean | undefined {
  for (const name of names) {
    const value = readAttr(el, name)?.toLowerCase()
    if (value === 'true') return true
    if (value === 'false') return false
  }
  return undefined
}

function childElements(parent: Cheerio<Element>, name: string): Cheerio<Element> {
  return parent.children().filter((_, el) => el.type === 'tag' && el.name.toLowerCase() === name) as Cheerio<Element>
}

/**
 * Folders deeper than this make the file an error: readers nest a handful of levels, and each
 * level becomes a tag of every feed inside it. The walk itself is iterative, so a 10,000-deep
 * file is refused with this message instead of overflowing the stack.
 */
export const MAX_OUTLINE_DEPTH = 100

interface Level {
  outlines: Element[]
  next: number
  folders: string[]
}

/** Every outline under `parent` in document order (depth first), folders carried down as tags. */
function readOutlines($: CheerioAPI, parent: Cheerio<Element>, folders: string[], out: ParsedOpml, walk: Walk): void {
  const stack: Level[] = [{ outlines: childElements(parent, 'outline').toArray(), next: 0, folders }]
  while (stack.length > 0) {
    const level = stack[stack.length - 1]!
    const el = level.outlines[level.next++]
    if (el === undefined) {
      stack.pop()
      continue
    }
    walk.n += 1
    const children = readOutline($, el, level.folders, out, walk.n, walk)
    if (children === undefined) continue
    if (stack.length >= MAX_OUTLINE_DEPTH) {
      throw new OpmlError('too_deep', `opml: outlines nested more than ${MAX_OUTLINE_DEPTH} levels deep (outline ${walk.n + 1})`)
    }
    stack.push(children)
  }
}

/** Reads one outline into `out`; a folder gives back the level of its children instead. */
function readOutline($: CheerioAPI, el: Element, folders: string[], out: ParsedOpml, position: number, walk: Walk): Level | undefined {
  const name = nameOf(el)
  const rawXmlUrl = readAttr(el, 'xmlUrl')
  const type = readAttr(el, 'type')?.toLowerCase()
  if (rawXmlUrl === undefined) {
    const children = childElements($(el), 'outline').toArray()
    if (children.length > 0) return { outlines: children, next: 0, folders: name === undefined ? folders : [...folders, name] }
    if (type !== undefined && type !== 'none' && type !== 'folder' && type !== 'category') {
      out.skipped.push({ ...(name === undefined ? {} : { title: name }), position, reason: `outline of type "${type}" has no xmlUrl` })
    }
    return undefined
  }
  if (type !== undefined && nonFeedTypes.has(type)) {
    out.skipped.push({
      ...(name === undefined ? {} : { title: name }),
      position,
      reason: `outline type "${type}" is not a feed subscription`,
    })
    return undefined
  }
  const tags: string[] = []
  for (const tag of [...folders, ...readCategories(readAttr(el, 'category'))]) if (!tags.includes(tag)) tags.push(tag)
  const feed: OpmlFeed = { xmlUrl: resolveFeedScheme(rawXmlUrl), tags, position }
  if (name !== undefined) feed.title = name
  const htmlUrl = readAttr(el, 'htmlUrl')
  if (htmlUrl !== undefined) feed.htmlUrl = htmlUrl
  if (type !== undefined) feed.type = type
  const enabled = readEnabled(el, walk.enabledAttrs)
  if (enabled !== undefined) feed.enabled = enabled
  out.feeds.push(feed)
  return undefined
}
