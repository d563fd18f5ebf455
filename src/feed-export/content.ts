// The HTML body and the text excerpt of one exported entry, the same in every format.

import { escapeHtml } from '../lib/html.js'
import { isHttpUrl } from '../lib/url.js'
import type { ExportEntry } from '../types.js'
import { stripIllegalXmlChars } from './xml.js'

/** Length of the plain-text excerpt (RSS description, Atom summary, JSON Feed summary). */
export const EXCERPT_LENGTH = 400

/**
 * The entry's HTML plus, when other sources reported the same story, a closing
 * "Also reported by" paragraph linking them (so every reader shows it, whatever the format).
 */
export function renderEntryHtml(entry: ExportEntry): string {
  const body = entry.contentHtml.trim() !== '' ? entry.contentHtml : `<p>${escapeHtml(entry.summary)}</p>`
  return stripIllegalXmlChars(body + renderAlsoReportedBy(entry))
}

/** `<p>Also reported by: <a href="…">Source</a>, …</p>`, or '' when nobody else did. */
export function renderAlsoReportedBy(entry: ExportEntry): string {
  if (entry.alsoReportedBy.length === 0) return ''
  const links = entry.alsoReportedBy.map(({ source, url }) => {
    const name = escapeHtml(source.title || source.id)
    return isHttpUrl(url) ? `<a href="${escapeHtml(url)}">${name}</a>` : name
  })
  return `<p class="also-reported-by">Also reported by: ${links.join(', ')}</p>`
}

/** The summary cut at a word boundary to about `max` characters, with an ellipsis when cut. */
export function renderExcerpt(summary: string, max = EXCERPT_LENGTH): string {
  const text = stripIllegalXmlChars(summary).replace(/\s+/g, ' ').trim()
  if (text.length <= max) return text
  const cut = text.slice(0, max)
  const space = cut.lastIndexOf(' ')
  // Slicing may split a surrogate pair; stripping again drops the orphaned half.
  return `${stripIllegalXmlChars(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s.,;:]+$/, '')}…`
}
