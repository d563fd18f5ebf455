// What the content sanitizer lets through: tags, their attributes, and how each value is checked.

import { cleanUrl } from '../lib/url.js'
import { isTrackerImage, isTrackerLink } from './trackers.js'

/** Allowed tags as they are written out, after renaming (h1 → h3, section → div). */
export const ALLOWED_TAGS = new Set([
  'p',
  'br',
  'a',
  'ul',
  'ol',
  'li',
  'blockquote',
  'pre',
  'code',
  'em',
  'strong',
  'b',
  'i',
  'u',
  's',
  'h3',
  'h4',
  'h5',
  'h6',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'caption',
  'colgroup',
  'col',
  'img',
  'figure',
  'figcaption',
  'hr',
  'sup',
  'sub',
  'dl',
  'dt',
  'dd',
  'abbr',
  'cite',
  'q',
  'time',
  'span',
  'div',
  'small',
  'mark',
  'del',
  'ins',
  'kbd',
  'samp',
  'var',
  'wbr',
])

/** Elements written without a closing tag. */
export const VOID_TAGS = new Set(['br', 'hr', 'img', 'col', 'wbr'])

/** Elements dropped together with everything inside them. */
export const DROPPED_WITH_CONTENT = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'title',
  'textarea',
  'select',
  'option',
  'optgroup',
  'button',
  'iframe',
  'frame',
  'frameset',
  'noframes',
  'object',
  'embed',
  'applet',
  'svg',
  'math',
  'canvas',
  'audio',
  'video',
  'map',
  'form',
  'input',
  'link',
  'meta',
  'base',
  'param',
  'source',
  'track',
  'dialog',
  'xmp',
  'plaintext',
  'noembed',
  'portal',
  'slot',
])

/** Renamed on the way out: headings demoted two levels (the page title is the item's), containers to div. */
export const RENAMED: Record<string, string> = {
  h1: 'h3',
  h2: 'h4',
  h3: 'h5',
  h4: 'h6',
  h5: 'h6',
  h6: 'h6',
  section: 'div',
  article: 'div',
  header: 'div',
  footer: 'div',
  main: 'div',
  aside: 'div',
  nav: 'div',
  center: 'div',
  details: 'div',
  summary: 'div',
  address: 'div',
  hgroup: 'div',
}

const P_ONLY: ReadonlySet<string> = new Set(['p'])

/**
 * Output tags whose opening closes the innermost open element when it is one of these, the way
 * htmlparser2 10 (Parser.ts `openImpliesClose`) re-reads the output, restricted to ALLOWED_TAGS.
 * The writer applies it to its own output so a second pass reads the same tree (idempotence).
 */
export const IMPLIED_CLOSE: Record<string, ReadonlySet<string>> = {
  ...Object.fromEntries(
    ['p', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'div', 'dl', 'figcaption', 'figure', 'hr', 'ol', 'pre', 'table', 'ul'].map((tag) => [
      tag,
      P_ONLY,
    ]),
  ),
  li: new Set(['li']),
  dd: new Set(['dd', 'dt']),
  dt: new Set(['dd', 'dt']),
  tr: new Set(['tr', 'th', 'td']),
  th: new Set(['th']),
  td: new Set(['thead', 'th', 'td']),
  tbody: new Set(['thead', 'tbody']),
  tfoot: new Set(['thead', 'tbody']),
}

/** Elements removed when nothing ended up inside them (e.g. a link whose only child was a pixel). */
export const DROPPED_WHEN_EMPTY = new Set([
  'a',
  'p',
  'div',
  'span',
  'b',
  'i',
  'u',
  's',
  'em',
  'strong',
  'small',
  'mark',
  'figure',
  'figcaption',
  'blockquote',
  'h3',
  'h4',
  'h5',
  'h6',
  'sup',
  'sub',
  'code',
  'cite',
  'q',
  'abbr',
  'time',
  'ul',
  'ol',
])

export type Attributes = Record<string, string>

/** Checked attributes of one element, in output order, or null to drop the element (img without src). */
export type AttributeFilter = (attribs: Attributes, base: string) => [string, string][] | null

const MAILTO = /^mailto:[^\s<>"'`\\]+$/i
const NUMBER = /^\d{1,5}$/
const TEXT_MAX = 500

function readText(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  const out = value.replace(/\s+/g, ' ').trim().slice(0, TEXT_MAX)
  return out === '' ? undefined : out
}

function readDimension(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  const out = value.trim().replace(/px$/i, '')
  return NUMBER.test(out) ? out : undefined
}

function readNumber(value: string | undefined): string | undefined {
  const out = value?.trim()
  return out !== undefined && NUMBER.test(out) ? out : undefined
}

/** href: absolute http(s) without tracking parameters, or a plain mailto:. */
function cleanHref(raw: string | undefined, base: string): string | undefined {
  if (raw === undefined) return undefined
  // Browsers ignore control characters and spaces in and around a scheme.
  // eslint-disable-next-line no-control-regex
  const compact = raw.replace(/[\u0000-\u0020]+/g, '')
  if (/^mailto:/i.test(compact)) return MAILTO.test(compact) ? compact : undefined
  return cleanUrl(raw, base)
}

/** srcset with every candidate made absolute; unusable candidates dropped; undefined when none is left. */
function cleanSrcset(raw: string | undefined, base: string): string | undefined {
  if (raw === undefined) return undefined
  const candidates: string[] = []
  for (const part of raw.split(/,\s+|,(?=\S+\s+\d)/)) {
    const [href, ...rest] = part.trim().split(/\s+/)
    const url = href === undefined || href === '' ? undefined : cleanUrl(href.replace(/,$/, ''), base)
    if (url === undefined || isTrackerImage(url)) continue
    const descriptor = rest.join(' ')
    if (descriptor !== '' && !/^\d+(?:\.\d+)?[wx]$/.test(descriptor)) continue
    candidates.push(descriptor === '' ? url : `${url} ${descriptor}`)
  }
  return candidates.length > 0 ? candidates.join(', ') : undefined
}

function pushDefined(out: [string, string][], name: string, value: string | undefined): void {
  if (value !== undefined) out.push([name, value])
}

const citeOnly: AttributeFilter = (attribs, base) => {
  const out: [string, string][] = []
  pushDefined(out, 'cite', cleanUrl(attribs['cite'], base))
  return out
}

const cells: AttributeFilter = (attribs) => {
  const out: [string, string][] = []
  pushDefined(out, 'colspan', readNumber(attribs['colspan']))
  pushDefined(out, 'rowspan', readNumber(attribs['rowspan']))
  const scope = attribs['scope']?.trim().toLowerCase()
  if (scope === 'row' || scope === 'col' || scope === 'rowgroup' || scope === 'colgroup') out.push(['scope', scope])
  return out
}

/** Per-tag attribute filters; a tag not listed keeps no attribute at all. */
export const ATTRIBUTE_FILTERS: Record<string, AttributeFilter> = {
  a(attribs, base) {
    const href = cleanHref(attribs['href'], base)
    // No usable href: the element is unwrapped (its text kept).
    if (href === undefined || isTrackerLink(href)) return []
    const out: [string, string][] = [
      ['href', href],
      ['rel', 'noopener noreferrer'],
    ]
    pushDefined(out, 'title', readText(attribs['title']))
    return out
  },
  img(attribs, base) {
    // Lazy-loading markup keeps the real image in data-src.
    const src = cleanUrl(attribs['src'] ?? attribs['data-src'] ?? attribs['data-lazy-src'], base)
    const width = readDimension(attribs['width'])
    const height = readDimension(attribs['height'])
    if (src === undefined || isTrackerImage(src, width, height)) return null
    const out: [string, string][] = [['src', src]]
    pushDefined(out, 'srcset', cleanSrcset(attribs['srcset'] ?? attribs['data-srcset'], base))
    pushDefined(out, 'alt', attribs['alt'] === undefined ? undefined : attribs['alt'].replace(/\s+/g, ' ').trim().slice(0, TEXT_MAX))
    pushDefined(out, 'title', readText(attribs['title']))
    pushDefined(out, 'width', width)
    pushDefined(out, 'height', height)
    return out
  },
  blockquote: citeOnly,
  q: citeOnly,
  del(attribs, base) {
    const out = citeOnly(attribs, base) ?? []
    pushDefined(out, 'datetime', readText(attribs['datetime'])?.slice(0, 64))
    return out
  },
  ins(attribs, base) {
    const out = citeOnly(attribs, base) ?? []
    pushDefined(out, 'datetime', readText(attribs['datetime'])?.slice(0, 64))
    return out
  },
  abbr: (attribs) => {
    const out: [string, string][] = []
    pushDefined(out, 'title', readText(attribs['title']))
    return out
  },
  time: (attribs) => {
    const out: [string, string][] = []
    pushDefined(out, 'datetime', readText(attribs['datetime'])?.slice(0, 64))
    return out
  },
  ol: (attribs) => {
    const out: [string, string][] = []
    pushDefined(out, 'start', readNumber(attribs['start']))
    const type = attribs['type']?.trim()
    if (type === '1' || type === 'a' || type === 'A' || type === 'i' || type === 'I') out.push(['type', type])
    if (attribs['reversed'] !== undefined) out.push(['reversed', 'reversed'])
    return out
  },
  li: (attribs) => {
    const out: [string, string][] = []
    pushDefined(out, 'value', readNumber(attribs['value']))
    return out
  },
  td: cells,
  th: cells,
  col: (attribs) => {
    const out: [string, string][] = []
    pushDefined(out, 'span', readNumber(attribs['span']))
    return out
  },
  colgroup: (attribs) => {
    const out: [string, string][] = []
    pushDefined(out, 'span', readNumber(attribs['span']))
    return out
  },
}
