// Atom 1.0 (RFC 4287) writer: ExportFeed → string. Each entry names where it came from in <source>.
import type { ExportEntry, ExportFeed } from '../types.js'
import { renderEntryHtml, renderExcerpt } from './content.js'
import { formatRfc3339 } from './dates.js'
import { resolveAtomEntryId } from './entry-id.js'
import { escapeXml, renderAttributes, renderElement } from './xml.js'

export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8'

/** Used for atom:updated when nothing better is known (an empty feed with no date). */
const EPOCH = '1970-01-01T00:00:00Z'

/** The feed as an Atom 1.0 document (UTF-8). */
export function renderAtom(feed: ExportFeed): string {
  const feedUpdated = formatRfc3339(feed.updated) ?? EPOCH
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    renderElement('id', feed.selfUrl),
    renderElement('title', feed.title || 'breachwire', { type: 'text' }),
    renderElement('subtitle', feed.description, { type: 'text' }),
    `<updated>${feedUpdated}</updated>`,
    renderLink('self', feed.selfUrl, 'application/atom+xml'),
    renderLink('alternate', feed.homeUrl, 'text/html'),
    // RFC 4287 §4.1.1: a feed needs an author unless every entry has one.
    '<author><name>breachwire</name></author>',
    '<generator>breachwire</generator>',
    ...feed.entries.map((entry) => renderAtomEntry(entry, feedUpdated)),
    '</feed>',
  ]
  return `${lines.filter((line) => line !== '').join('\n')}\n`
}

function renderAtomEntry(entry: ExportEntry, feedUpdated: string): string {
  const published = formatRfc3339(entry.published)
  const updated = formatRfc3339(entry.updated) ?? published ?? feedUpdated
  const parts = [
    renderElement('id', resolveAtomEntryId(entry.source.id, entry.id)),
    `<title type="text">${escapeXml(entry.title)}</title>`,
    renderLink('alternate', entry.url, 'text/html'),
    renderElement('published', published),
    `<updated>${updated}</updated>`,
    entry.author ? `<author>${renderElement('name', entry.author)}</author>` : '',
    ...entry.categories.map((term) => (term ? `<category${renderAttributes({ term })}/>` : '')),
    renderAtomSource(entry, updated),
    renderElement('summary', renderExcerpt(entry.summary), { type: 'text' }),
    renderElement('content', renderEntryHtml(entry), { type: 'html' }),
  ]
  return `<entry>\n${parts.filter((part) => part !== '').join('\n')}\n</entry>`
}

/** <source>: the feed the entry was first published in (RFC 4287 §4.2.11). */
function renderAtomSource(entry: ExportEntry, updated: string): string {
  const { source } = entry
  const parts = [
    renderElement('id', source.url),
    renderElement('title', source.title || source.id, { type: 'text' }),
    renderLink('self', source.url, null),
    source.homepage ? renderLink('alternate', source.homepage, 'text/html') : '',
    `<updated>${updated}</updated>`,
  ]
  return `<source>${parts.filter((part) => part !== '').join('')}</source>`
}

function renderLink(rel: string, href: string, type: string | null): string {
  if (!href) return ''
  return `<link${renderAttributes({ rel, href, type })}/>`
}
