// A web page without a feed + `select` rules → ParsedFeed (format 'html'), via cheerio.

import type { Cheerio, CheerioAPI } from 'cheerio'
import { load } from 'cheerio'
import type { AnyNode } from 'domhandler'
import { ParseError } from '../errors.js'
import { resolveUrl } from '../lib/url.js'
import type { ParsedFeed, ParsedItem, SelectRules } from '../types.js'
import type { SelectRule } from './select-rule.js'
import { parseSelectRule } from './select-rule.js'
import { validateSelectRules } from './validate-select-rules.js'

/** Items read from one page at most (a listing page with more is not a news page). */
const MAX_ITEMS = 500
const MAX_CATEGORIES = 20

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

function nonEmpty(text: string | undefined): string | undefined {
  if (text === undefined) return undefined
  const out = collapse(text)
  return out === '' ? undefined : out
}

/** The elements a rule points at inside one item ('' = the item itself). */
function selectWithin(item: Cheerio<AnyNode>, rule: SelectRule): Cheerio<AnyNode> {
  return rule.selector === '' ? item : item.find(rule.selector)
}

/** Text or attribute of the first element the rule matches. */
function readFirst(item: Cheerio<AnyNode>, rule: SelectRule | undefined): string | undefined {
  if (rule === undefined) return undefined
  const el = selectWithin(item, rule).first()
  if (el.length === 0) return undefined
  return nonEmpty(rule.attr === undefined ? el.text() : el.attr(rule.attr))
}

/**
 * The link a rule points at: the attribute it names; else the href of an <a> (or of any element
 * carrying one), else of the first <a href> inside it; else the element's text.
 */
function readLink(item: Cheerio<AnyNode>, rule: SelectRule): string | undefined {
  const el = selectWithin(item, rule).first()
  if (el.length === 0) return undefined
  if (rule.attr !== undefined) return nonEmpty(el.attr(rule.attr))
  const own = el.attr('href')
  if (own !== undefined && own.trim() !== '') return own.trim()
  const inner = el.find('a[href]').first().attr('href')
  if (inner !== undefined && inner.trim() !== '') return inner.trim()
  return nonEmpty(el.text())
}

/** The summary as HTML: every matching element's outer HTML (an attribute is text, escaped). */
function readSummary($: CheerioAPI, item: Cheerio<AnyNode>, rule: SelectRule | undefined): string | undefined {
  if (rule === undefined) return undefined
  const els = selectWithin(item, rule)
  if (els.length === 0) return undefined
  if (rule.attr !== undefined) {
    const value = nonEmpty(els.first().attr(rule.attr))
    return value === undefined ? undefined : `<p>${escapeHtml(value)}</p>`
  }
  const parts: string[] = []
  els.each((_, el) => {
    parts.push($.html(el))
  })
  const html = parts.join('\n').trim()
  return html === '' ? undefined : html
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function readCategories($: CheerioAPI, item: Cheerio<AnyNode>, rule: SelectRule | undefined): string[] | undefined {
  if (rule === undefined) return undefined
  const out: string[] = []
  selectWithin(item, rule).each((_, el) => {
    if (out.length >= MAX_CATEGORIES) return
    const node = $(el)
    const value = nonEmpty(rule.attr === undefined ? node.text() : node.attr(rule.attr))
    if (value !== undefined) out.push(value)
  })
  return out.length > 0 ? out : undefined
}

/** The page's base for relative links: its <base href>, resolved against the page URL. */
function findBase($: CheerioAPI, baseUrl: string): string {
  const href = $('base[href]').first().attr('href')
  return resolveUrl(href, baseUrl) ?? baseUrl
}

function findPageTitle($: CheerioAPI): string | undefined {
  return (
    nonEmpty($('meta[property="og:site_name"]').first().attr('content')) ??
    nonEmpty($('head > title').first().text()) ??
    nonEmpty($('title').first().text())
  )
}

interface Rules {
  title: SelectRule
  link: SelectRule
  date?: SelectRule
  summary?: SelectRule
  author?: SelectRule
  category?: SelectRule
}

function compileRules(select: SelectRules): Rules {
  const optional = (rule: string | undefined): SelectRule | undefined =>
    typeof rule === 'string' && rule.trim() !== '' ? parseSelectRule(rule) : undefined
  const rules: Rules = { title: parseSelectRule(select.title ?? ''), link: parseSelectRule(select.link ?? '') }
  const date = optional(select.date)
  const summary = optional(select.summary)
  const author = optional(select.author)
  const category = optional(select.category)
  if (date) rules.date = date
  if (summary) rules.summary = summary
  if (author) rules.author = author
  if (category) rules.category = category
  return rules
}

function readItem($: CheerioAPI, item: Cheerio<AnyNode>, rules: Rules, base: string): ParsedItem {
  const out: ParsedItem = { baseUrl: base }
  const title = readFirst(item, rules.title)
  if (title !== undefined) {
    out.title = title
    out.titleType = 'text'
  }
  const rawLink = readLink(item, rules.link)
  const link = resolveUrl(rawLink, base)
  if (link !== undefined) out.link = link
  const date = readFirst(item, rules.date)
  if (date !== undefined) out.published = date
  const summary = readSummary($, item, rules.summary)
  if (summary !== undefined) out.summary = summary
  const author = readFirst(item, rules.author)
  if (author !== undefined) out.author = author
  const categories = readCategories($, item, rules.category)
  if (categories !== undefined) out.categories = categories
  return out
}

/**
 * Reads the items of an HTML page with the source's CSS rules. Relative links are resolved
 * against the page's <base href>, else `baseUrl`. Throws ParseError('selector_empty') when
 * select.item matches nothing, or when no matched item yields a title or a link.
 */
export function extractItems(html: string, select: SelectRules, baseUrl: string): ParsedFeed {
  const invalid = validateSelectRules(select)
  if (invalid !== null) throw new ParseError('malformed', `extract: ${invalid}`)
  const $ = load(typeof html === 'string' ? html : '')
  const base = findBase($, baseUrl)
  const rules = compileRules(select)
  const found = $(select.item)
  if (found.length === 0) {
    throw new ParseError('selector_empty', `extract: select.item "${select.item}" matched nothing on ${baseUrl}`)
  }

  const items: ParsedItem[] = []
  found.slice(0, MAX_ITEMS).each((_, el) => {
    const item = readItem($, $(el), rules, base)
    if (item.title !== undefined || item.link !== undefined) items.push(item)
  })
  if (items.length === 0) {
    throw new ParseError(
      'selector_empty',
      `extract: select.item "${select.item}" matched ${found.length} element(s) on ${baseUrl}, but select.title ` +
        `"${select.title}" and select.link "${select.link}" found no title or link in any of them`,
    )
  }

  const feed: ParsedFeed = { format: 'html', homepage: baseUrl, items }
  const title = findPageTitle($)
  if (title !== undefined) feed.title = title
  return feed
}
