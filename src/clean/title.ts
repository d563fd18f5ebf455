// An item's title as plain text.
//
// Layers: the feed parser already undid the XML layer, so what arrives is either text
// (titleType 'text', e.g. Atom type="text": used as-is) or HTML (titleType 'html', e.g. RSS, where
// `Smith &amp;amp; Co` in the XML is the HTML `Smith &amp; Co`): tags are stripped and entities
// decoded once, giving `Smith & Co`. Without a titleType the title is read as HTML, since RSS, the
// most common case, is HTML in practice.

import type { ParsedItem } from '../types.js'
import { collapseWhitespace, extractHtmlText } from './html-text.js'
import { truncateText } from './text-limit.js'

export const TITLE_MAX = 300
const FALLBACK_TITLE_MAX = 100

/** The plain-text title of an item, or '' when it has none. */
export function normalizeTitle(item: Pick<ParsedItem, 'title' | 'titleType'>): string {
  const raw = typeof item.title === 'string' ? item.title : ''
  if (raw.trim() === '') return ''
  const text = item.titleType === 'text' ? collapseWhitespace(raw) : extractHtmlText(raw)
  return truncateText(text, TITLE_MAX)
}

/** A stand-in title for an item without one: the start of its summary, else its URL. */
export function deriveFallbackTitle(summaryText: string, url: string): string {
  if (summaryText !== '') return truncateText(summaryText, FALLBACK_TITLE_MAX)
  return truncateText(url, TITLE_MAX)
}
