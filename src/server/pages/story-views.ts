// Stories → what the templates print: the story page's timeline, and the story line of a river
// entry (its other reports' headlines, the "N reports" link, what is new).
import { formatCount, formatGap, formatRelativeDate } from './format.js'
import { toSafeHref } from './html.js'
import type { StoryData, StoryReport } from './story-data.js'
import { type DateView, type ItemView, type LinkView, toDateView, toSourcePath } from './view-models.js'

export interface ReportView {
  id: number
  title: string
  href: string | null
  source: LinkView
  published: DateView | null
  /** "3 hours later" (than the first report); '' for the first. */
  gap: string
  reasonText: string
  isLead: boolean
}

export interface StoryPageView {
  id: number
  title: string
  href: string
  reportsLabel: string
  firstReport: ReportView | null
  lastActivity: DateView | null
  reports: ReportView[]
}

/** The story line under a river entry. */
export interface StoryLineView {
  href: string
  /** "4 reports". */
  reportsLabel: string
  /** The reports other than the one the entry shows, in publication order. */
  others: ReportView[]
  /** "New report from The Record, 1 hour ago" when a report joined after the lead, else null. */
  newReport: string | null
}

export function toStoryPath(id: number): string {
  return `/stories/${id}`
}

export function toStoryPageView(story: StoryData, now: Date): StoryPageView {
  const first = story.reports[0]
  const reports = story.reports.map((report) => toReportView(report, story, first, now))
  return {
    id: story.id,
    title: story.title.trim() === '' ? '(untitled)' : story.title,
    href: toStoryPath(story.id),
    reportsLabel: formatCount(story.reports.length, 'report'),
    firstReport: reports[0] ?? null,
    lastActivity: toDateView(story.lastActivity, now),
    reports,
  }
}

/** The entry with its story line, when its story has more than the one report. */
export function withStoryLine(view: ItemView, story: StoryData | undefined, now: Date): ItemView {
  return story === undefined || story.reports.length < 2 ? view : { ...view, story: toStoryLineView(story, view.id, now) }
}

/** The story line of the river entry that shows `shownItemId`. */
export function toStoryLineView(story: StoryData, shownItemId: number, now: Date): StoryLineView {
  const first = story.reports[0]
  const lead = story.reports.find((r) => r.itemId === story.leadItemId) ?? first
  let newest: StoryReport | undefined
  for (const report of story.reports) {
    if (report.itemId === lead?.itemId || report.published === null || lead?.published == null) continue
    if (report.published > lead.published && (newest === undefined || report.published > (newest.published ?? ''))) newest = report
  }
  return {
    href: toStoryPath(story.id),
    reportsLabel: formatCount(story.reports.length, 'report'),
    others: story.reports.filter((r) => r.itemId !== shownItemId).map((r) => toReportView(r, story, first, now)),
    newReport: newest === undefined ? null : `New report from ${newest.source.title}, ${formatRelativeDate(newest.published, now)}`,
  }
}

function toReportView(report: StoryReport, story: StoryData, first: StoryReport | undefined, now: Date): ReportView {
  const gap = first === undefined || first.itemId === report.itemId ? '' : formatGap(first.published, report.published)
  return {
    id: report.itemId,
    title: report.title.trim() === '' ? '(untitled)' : report.title,
    href: toSafeHref(report.url),
    source: { text: report.source.title || report.source.id, href: toSourcePath(report.source.id) },
    published: toDateView(report.published, now),
    gap,
    reasonText: report.reasonText,
    isLead: report.itemId === story.leadItemId,
  }
}
