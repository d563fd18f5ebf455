// ApiItem + what the config says about its source → ExportEntry. A source configured with
// `"republish": "excerpt"` gets a text excerpt and a link instead of its full HTML.

import { escapeHtml } from '../lib/html.js'
import { redactUrl } from '../lib/redact-url.js'
import { isHttpUrl } from '../lib/url.js'
import type { ApiItem, ExportEntry } from '../types.js'
import { renderExcerpt } from './content.js'

export interface ExportSourceInfo {
  id: string
  title: string
  /** The source's feed (or page) URL. */
  url: string
  homepage: string | null
  republish: 'full' | 'excerpt'
}

export function buildExportEntry(item: ApiItem, source: ExportSourceInfo): ExportEntry {
  return {
    id: item.guid ?? item.url,
    url: item.url,
    title: item.title,
    author: item.author,
    published: item.published,
    updated: item.updated,
    contentHtml: source.republish === 'excerpt' ? renderExcerptHtml(item, source) : item.contentHtml,
    summary: item.summary,
    categories: item.categories,
    // A public feed: the source's URL without the credentials a private feed URL may carry.
    source: {
      id: source.id,
      title: source.title,
      url: redactUrl(source.url),
      homepage: source.homepage === null ? null : redactUrl(source.homepage),
    },
    alsoReportedBy: item.alsoReportedBy,
  }
}

function renderExcerptHtml(item: ApiItem, source: ExportSourceInfo): string {
  const excerpt = renderExcerpt(item.summary)
  const text = excerpt ? `<p>${escapeHtml(excerpt)}</p>` : ''
  const link = isHttpUrl(item.url)
    ? `<p><a href="${escapeHtml(item.url)}">Read the full post at ${escapeHtml(source.title || source.id)}</a></p>`
    : ''
  return text + link
}
