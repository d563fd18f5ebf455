// A story as one feed entry (the combined feeds' default): a stable id (the story page's URL),
// the lead's headline, link and text, `updated` = the story's last activity, and a closing list
// of every report with its headline and time, plus the story's facts. A report joining (or the
// facts changing) changes the content and the date, so readers that honour updates show it.
import { escapeHtml } from '../lib/html.js'
import { isHttpUrl } from '../lib/url.js'
import type { ApiItem, ApiStorySummary, ExportEntry } from '../types.js'
import { buildExportEntry, type ExportSourceInfo } from './build-entry.js'

/** The story page's URL under the site's home URL (`https://news.example/` → `…/stories/12`). */
export function resolveStoryUrl(homeUrl: string, storyId: number): string {
  return `${homeUrl.replace(/\/+$/, '')}/stories/${storyId}`
}

export function buildStoryEntry(story: ApiStorySummary, lead: ApiItem, source: ExportSourceInfo, homeUrl: string): ExportEntry {
  const storyUrl = resolveStoryUrl(homeUrl, story.id)
  const entry = buildExportEntry(lead, source)
  return {
    ...entry,
    id: storyUrl,
    title: story.title,
    published: story.firstPublished,
    updated: story.lastActivity,
    contentHtml: entry.contentHtml + renderStoryBlock(story, storyUrl),
  }
}

/** A report's own entry (?each=report, ?source=): its text, then a link to its story when others reported it too. */
export function buildReportEntry(item: ApiItem, source: ExportSourceInfo, homeUrl: string): ExportEntry {
  const entry = buildExportEntry(item, source)
  if (item.alsoReportedBy.length === 0) return entry
  const count = item.alsoReportedBy.length + 1
  const link = `<p class="story-link">One of ${count} reports of <a href="${escapeHtml(resolveStoryUrl(homeUrl, item.storyId))}">this story</a>.</p>`
  return { ...entry, contentHtml: entry.contentHtml + link }
}

function renderStoryBlock(story: ApiStorySummary, storyUrl: string): string {
  const parts: string[] = []
  if (story.reports.length > 1) {
    const reports = story.reports.map((report) => {
      const title = escapeHtml(report.title)
      const headline = isHttpUrl(report.url) ? `<a href="${escapeHtml(report.url)}">${title}</a>` : title
      const when = report.published === null ? '' : ` (${formatUtc(report.published)})`
      return `<li>${escapeHtml(report.source.title || report.source.id)}: ${headline}${when}</li>`
    })
    parts.push(
      `<p class="story-reports"><a href="${escapeHtml(storyUrl)}">${story.reports.length} reports</a>:</p><ul>${reports.join('')}</ul>`,
    )
  }
  const facts = describeFacts(story.facts)
  if (facts !== '') parts.push(`<p class="story-facts">${escapeHtml(facts)}</p>`)
  return parts.join('')
}

/** "Organizations: Acme Corp. Records: 2,500,000. Data: ssn, contact. Sector: healthcare. Country: US." */
function describeFacts(facts: ApiStorySummary['facts']): string {
  const lines: string[] = []
  if (facts.organizations.length > 0) lines.push(`Organizations: ${facts.organizations.join(', ')}.`)
  if (facts.actors.length > 0) lines.push(`Actors: ${facts.actors.join(', ')}.`)
  if (facts.records !== null) lines.push(`Records: ${facts.records.toLocaleString('en-US')}.`)
  if (facts.dataTypes.length > 0) lines.push(`Data: ${facts.dataTypes.join(', ')}.`)
  if (facts.sector !== null) lines.push(`Sector: ${facts.sector}.`)
  if (facts.country !== null) lines.push(`Country: ${facts.country}.`)
  return lines.join(' ')
}

/** "2026-02-10 13:00 UTC" */
function formatUtc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`
}
