// Stories → what the templates print: the story page's timeline and revisions, and the story line
// of a list entry (its other reports' headlines, the "N reports" link, what is new, what was edited).
import type { ApiItem, ApiStory, ApiStorySummary, ItemRevision, RevisionChanges } from '../../types.js'
import { type BadgeView, describeRecordsHistory, toFactBadges } from './facts-view.js'
import { formatAbsoluteDate, formatCount, formatGap, formatRelativeDate } from './format.js'
import { toSafeHref } from './html.js'
import { type DateView, type ItemView, type LinkView, toDateView, toSourcePath, toUpdateView, type UpdateView } from './view-models.js'

export interface ReportView {
  id: number
  title: string
  href: string | null
  source: LinkView
  published: DateView | null
  /** "3 hours later" (than the first report); '' for the first. */
  gap: string
  /** Why the report is in the story, a sentence ("Cites DataBreaches.net’s report"). */
  reasonText: string
  isFirst: boolean
  updated: UpdateView | null
}

export interface ChangeView {
  label: string
  /** Old and new value, for the fields short enough to show (headline, date); else null ("changed"). */
  from: string | null
  to: string | null
}

export interface RevisionView {
  at: DateView | null
  report: { id: number; title: string; source: LinkView }
  changes: ChangeView[]
}

export interface StoryPageView {
  id: number
  title: string
  href: string
  reportsLabel: string
  firstReport: ReportView | null
  lastActivity: DateView | null
  reports: ReportView[]
  /** Newest first. */
  revisions: RevisionView[]
  /** The story's merged facts, each a link to its filter or page. */
  badges: BadgeView[]
  /** How the reported record count moved, or null when it never changed. */
  recordsHistory: string | null
}

/** The story line under a list entry. */
export interface StoryLineView {
  href: string
  /** "4 reports". */
  reportsLabel: string
  /** The reports other than the one the entry shows, in publication order (empty: the entry lists their sources only). */
  others: ReportView[]
  /** "New report from The Record, 1 hour ago" when a report came after the entry's, else null. */
  newReport: string | null
}

export function toStoryPath(id: number): string {
  return `/stories/${id}`
}

export function toStoryPageView(story: ApiStory, now: Date): StoryPageView {
  const revisions = groupRevisions(story.revisions)
  const reports = story.reports.map((report) => toReportView(report, story, revisions, now))
  const byId = new Map(reports.map((report) => [report.id, report]))
  return {
    id: story.id,
    title: story.title.trim() === '' ? '(untitled)' : story.title,
    href: toStoryPath(story.id),
    reportsLabel: formatCount(story.reports.length, 'report'),
    firstReport: reports[0] ?? null,
    lastActivity: toDateView(story.lastActivity, now),
    reports,
    badges: toFactBadges(story.facts),
    recordsHistory: describeRecordsHistory(story),
    revisions: [...story.revisions]
      .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
      .flatMap((revision) => {
        const report = byId.get(revision.itemId)
        return report === undefined
          ? []
          : [
              {
                at: toDateView(revision.at, now),
                report: { id: report.id, title: report.title, source: report.source },
                changes: toChangeViews(revision.changes),
              },
            ]
      }),
  }
}

/** The entry with its story line (when its story has more than the one report) and its edit mark with the old headline. */
export function withStoryLine(
  view: ItemView,
  item: ApiItem,
  story: ApiStorySummary | undefined,
  revisions: ReadonlyMap<number, ItemRevision[]>,
  now: Date,
): ItemView {
  const updated = toUpdateView(item, revisions.get(item.id), now)
  if (story === undefined || story.reports.length < 2) return { ...view, updated }
  return { ...view, updated, story: toStoryLineView(story, item, revisions, now) }
}

/**
 * The entry with a link to its story page ("3 reports"), from the item alone (its story id and
 * the other reports' sources): for lists that do not load stories, such as search results.
 */
export function withStoryLink(view: ItemView, item: ApiItem): ItemView {
  if (item.alsoReportedBy.length === 0) return view
  const story: StoryLineView = {
    href: toStoryPath(item.storyId),
    reportsLabel: formatCount(item.alsoReportedBy.length + 1, 'report'),
    others: [],
    newReport: null,
  }
  return { ...view, story }
}

function toStoryLineView(story: ApiStorySummary, shown: ApiItem, revisions: ReadonlyMap<number, ItemRevision[]>, now: Date): StoryLineView {
  let newest: ApiItem | undefined
  for (const report of story.reports) {
    if (report.id === shown.id || report.published === null || shown.published === null || report.published <= shown.published) continue
    if (newest === undefined || report.published > (newest.published ?? '')) newest = report
  }
  return {
    href: toStoryPath(story.id),
    reportsLabel: formatCount(story.reports.length, 'report'),
    others: story.reports.filter((r) => r.id !== shown.id).map((r) => toReportView(r, story, revisions, now)),
    newReport:
      newest === undefined
        ? null
        : `New report from ${newest.source.title || newest.source.id}, ${formatRelativeDate(newest.published, now)}`,
  }
}

function toReportView(
  report: ApiStorySummary['reports'][number],
  story: ApiStorySummary,
  revisions: ReadonlyMap<number, ItemRevision[]>,
  now: Date,
): ReportView {
  const first = story.reports[0]
  const isFirst = first === undefined || first.id === report.id
  return {
    id: report.id,
    title: report.title.trim() === '' ? '(untitled)' : report.title,
    href: toSafeHref(report.url),
    source: { text: report.source.title || report.source.id, href: toSourcePath(report.source.id) },
    published: toDateView(report.published, now),
    gap: isFirst ? '' : formatGap(first.published, report.published),
    reasonText: toSentence(report.reasonText),
    isFirst,
    updated: toUpdateView(report, revisions.get(report.id), now),
  }
}

/** By item id, oldest first (the store lists them so). */
function groupRevisions(revisions: readonly ItemRevision[]): Map<number, ItemRevision[]> {
  const byItem = new Map<number, ItemRevision[]>()
  for (const revision of revisions) {
    const list = byItem.get(revision.itemId) ?? []
    list.push(revision)
    byItem.set(revision.itemId, list)
  }
  return byItem
}

function toChangeViews(changes: RevisionChanges): ChangeView[] {
  const out: ChangeView[] = []
  if (changes.title) out.push({ label: 'Headline', from: changes.title[0], to: changes.title[1] })
  if (changes.published)
    out.push({ label: 'Date', from: formatAbsoluteDate(changes.published[0]), to: formatAbsoluteDate(changes.published[1]) })
  if (changes.summary) out.push({ label: 'Summary', from: null, to: null })
  if (changes.content) out.push({ label: 'Text', from: null, to: null })
  return out
}

/** The store's reason in words ("cites The Record’s report") as a sentence's start. */
function toSentence(text: string): string {
  return text === '' ? text : `${text.charAt(0).toUpperCase()}${text.slice(1)}`
}
