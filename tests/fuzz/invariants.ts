// What must hold for every stored item, whatever bytes the feed sent. Each check returns a list
// of violations (empty when the item is fine), so a failing fuzz case says exactly what broke.
//
// contentHtml is read back by two real HTML parsers: htmlparser2 (what our sanitizer uses) and
// parse5 through cheerio (the WHATWG tree builder browsers follow, which catches markup that
// only turns dangerous when a browser re-parses it).
import * as cheerio from 'cheerio'
import type { Element as DomElement } from 'domhandler'
import { parseDocument } from 'htmlparser2'
import type { ApiItem } from '../../src/types.js'

/** Elements a sanitized fragment may contain (the clean/ allow-list, restated independently). */
const ALLOWED_TAGS = new Set([
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

/** Attributes that are never dangerous by themselves; URL-bearing ones are checked by value. */
const ALLOWED_ATTRIBUTES = new Set([
  'href',
  'rel',
  'title',
  'src',
  'srcset',
  'alt',
  'width',
  'height',
  'cite',
  'datetime',
  'start',
  'type',
  'reversed',
  'value',
  'colspan',
  'rowspan',
  'scope',
  'span',
])

/** Never allowed, whatever the allow-list says (belt and braces for the list above). */
const FORBIDDEN_TAGS = new Set([
  'script',
  'iframe',
  'frame',
  'form',
  'input',
  'button',
  'style',
  'object',
  'embed',
  'svg',
  'math',
  'base',
  'meta',
  'link',
  'template',
  'textarea',
  'noscript',
  'applet',
  'frameset',
])

const URL_ATTRIBUTES = new Set(['href', 'src', 'cite'])

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/
// eslint-disable-next-line no-control-regex
const TITLE_CONTROL = /[\u0000-\u001f\u007f]/
// Bidi embeddings, overrides and isolates: never in any text field, content included (issue 14).
const BIDI = /[\u202a-\u202e\u2066-\u2069]/
// …and in plain-text fields no soft hyphen, zero-width character or BOM either.
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z$/

/** The scheme a browser would see: control characters and whitespace removed, lowercased. */
function schemeOf(value: string): string {
  // eslint-disable-next-line no-control-regex
  const compact = value.replace(/[\u0000-\u0020]+/g, '').toLowerCase()
  const colon = compact.indexOf(':')
  return colon === -1 ? '' : compact.slice(0, colon)
}

/** An absolute http(s) URL that the WHATWG parser accepts as such. */
export function isAbsoluteHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false
  try {
    const url = new URL(value)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
  } catch {
    return false
  }
}

function checkUrlValue(where: string, name: string, value: string, problems: string[]): void {
  if (['javascript', 'vbscript', 'data', 'file'].includes(schemeOf(value))) {
    problems.push(`${where}: ${name} carries a script/data scheme: ${value.slice(0, 80)}`)
  }
  if (name === 'href' && schemeOf(value) === 'mailto') return
  if (!isAbsoluteHttpUrl(value)) problems.push(`${where}: ${name} is not an absolute http(s) URL: ${value.slice(0, 80)}`)
}

function checkSrcset(where: string, value: string, problems: string[]): void {
  for (const candidate of value.split(',')) {
    const url = candidate.trim().split(/\s+/)[0] ?? ''
    if (url !== '') checkUrlValue(where, 'srcset', url, problems)
  }
}

function checkElement(where: string, name: string, attribs: Record<string, string>, problems: string[]): void {
  const tag = name.toLowerCase()
  if (FORBIDDEN_TAGS.has(tag)) problems.push(`${where}: forbidden element <${tag}>`)
  else if (!ALLOWED_TAGS.has(tag)) problems.push(`${where}: element <${tag}> is not on the allow-list`)
  for (const [rawName, value] of Object.entries(attribs)) {
    const attr = rawName.toLowerCase()
    if (attr.startsWith('on')) problems.push(`${where}: event handler ${attr} on <${tag}>`)
    else if (attr === 'style') problems.push(`${where}: style attribute on <${tag}>`)
    else if (!ALLOWED_ATTRIBUTES.has(attr)) problems.push(`${where}: attribute ${attr} on <${tag}>`)
    if (URL_ATTRIBUTES.has(attr)) checkUrlValue(`${where} <${tag}>`, attr, value, problems)
    if (attr === 'srcset') checkSrcset(`${where} <${tag}>`, value, problems)
  }
  if (tag === 'a' && attribs['href'] !== undefined && !/\bnoopener\b/.test(attribs['rel'] ?? '')) {
    problems.push(`${where}: link without rel=noopener`)
  }
}

function walkHtmlparser2(html: string, problems: string[]): void {
  const doc = parseDocument(html, { decodeEntities: true, lowerCaseAttributeNames: true, lowerCaseTags: true })
  const stack = [...doc.children]
  while (stack.length > 0) {
    const node = stack.pop()
    if (node === undefined) break
    if (node.type === 'tag' || node.type === 'script' || node.type === 'style') {
      const el = node as DomElement
      checkElement('htmlparser2', el.name, el.attribs, problems)
      stack.push(...el.children)
    } else if (node.type === 'cdata' || node.type === 'directive') {
      problems.push(`htmlparser2: ${node.type} node in sanitized HTML`)
    }
  }
}

function walkParse5(html: string, problems: string[]): void {
  // A fragment parsed the way a browser parses innerHTML (cheerio's non-document mode uses parse5).
  const $ = cheerio.load(html, null, false)
  $('*').each((_i, node) => {
    const el = node as DomElement
    checkElement('parse5', el.tagName, el.attribs, problems)
  })
}

/** Problems with sanitized HTML as a browser and as htmlparser2 would read it. */
export function checkSanitizedHtml(html: string): string[] {
  const problems: string[] = []
  if (CONTROL.test(html)) problems.push('contentHtml holds a control character')
  if (BIDI.test(html)) problems.push('contentHtml holds a bidi override or isolate')
  walkHtmlparser2(html, problems)
  walkParse5(html, problems)
  return problems
}

export function checkIsoUtc(where: string, value: string | null, nullable: boolean): string[] {
  if (value === null) return nullable ? [] : [`${where} is null`]
  if (!ISO_UTC.test(value)) return [`${where} is not ISO 8601 UTC: ${value}`]
  const time = Date.parse(value)
  if (!Number.isFinite(time)) return [`${where} does not parse: ${value}`]
  if (new Date(time).toISOString().slice(0, 19) !== value.slice(0, 19)) return [`${where} is not a real date: ${value}`]
  return []
}

/** Every invariant of one item as the API serves it. */
export function checkApiItem(item: ApiItem): string[] {
  const where = `item ${item.id}`
  const problems: string[] = []
  if (!isAbsoluteHttpUrl(item.url)) problems.push(`${where}: url is not absolute http(s): ${item.url.slice(0, 80)}`)
  for (const also of item.alsoReportedBy) {
    if (!isAbsoluteHttpUrl(also.url)) problems.push(`${where}: alsoReportedBy url is not absolute http(s)`)
  }
  problems.push(...checkIsoUtc(`${where} published`, item.published, true))
  problems.push(...checkIsoUtc(`${where} updated`, item.updated, true))
  if (item.title === '') problems.push(`${where}: empty title`)
  if (TITLE_CONTROL.test(item.title)) problems.push(`${where}: title has control characters or line breaks`)
  if (item.title !== item.title.trim() || /\s{2,}/.test(item.title)) problems.push(`${where}: title whitespace not collapsed`)
  if (item.title.length > 310) problems.push(`${where}: title longer than the cap (${item.title.length})`)
  if (CONTROL.test(item.summary)) problems.push(`${where}: summary has control characters`)
  if (item.author !== null && TITLE_CONTROL.test(item.author)) problems.push(`${where}: author has control characters`)
  for (const category of item.categories) {
    if (TITLE_CONTROL.test(category)) problems.push(`${where}: category has control characters`)
  }
  const plainText: [string, string][] = [
    ['title', item.title],
    ['summary', item.summary],
    ['author', item.author ?? ''],
    ['category', item.categories.join(' ')],
  ]
  for (const [field, text] of plainText) {
    if (BIDI.test(text) || INVISIBLE.test(text)) problems.push(`${where}: ${field} has bidi or invisible characters`)
  }
  for (const p of checkSanitizedHtml(item.contentHtml)) problems.push(`${where}: ${p}`)
  return problems
}
