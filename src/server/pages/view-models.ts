// Store records → the plain objects the templates print. Everything a template needs is
// computed here (links, dates, excerpts), so templates stay dumb and every href is checked.
import { backingOffCode } from '../../errors.js'
import { describeDrops, totalDrops } from '../../lib/drops.js'
import { redactUrl, redactUrlsInText } from '../../lib/redact-url.js'
import type { ApiItem, CategoryCount, DropCounts, ItemRevision, RecentPost, SearchHit, SourceState } from '../../types.js'
import { type BadgeView, toFactBadges } from './facts-view.js'
import { excerptText, formatAbsoluteDate, formatCount, formatRelativeDate, formatShortDate } from './format.js'
import { renderSnippetHtml } from './highlight.js'
import { toSafeHref } from './html.js'
import type { StoryLineView } from './story-views.js'
import { type ViewMode, withViewMode } from './view-mode.js'

export interface LinkView {
  text: string
  href: string
}

export interface DateView {
  iso: string
  absolute: string
  /** "28 Nov 2026". */
  short: string
  relative: string
}

export interface ItemView {
  id: number
  title: string
  /** The original article, or null when the stored URL is not http(s). */
  href: string | null
  source: LinkView
  author: string | null
  published: DateView | null
  excerpt: string
  /** Safe HTML (escaped text + <mark>) for search hits, else null. */
  snippetHtml: string | null
  categories: LinkView[]
  alsoReportedBy: (LinkView & { sourceHref: string })[]
  /** The story line (other reports' headlines, its page) where the page loaded the story. */
  story: StoryLineView | null
  /** Set when the source edited the item since it was first seen. */
  updated: UpdateView | null
  /** The report's facts as badges linking to their filters and pages (facts-view.ts). */
  badges: BadgeView[]
}

/** "Updated 1 hour ago", with the headline it had before when an edit changed it. */
export interface UpdateView {
  at: DateView | null
  /** The headline as first seen, when edits changed it (the current one is the item's title). */
  oldTitle: string | null
}

export interface RecentListView {
  source: LinkView & { homepage: string | null }
  posts: { title: string; href: string | null; date: DateView | null }[]
}

export interface CategoryView extends LinkView {
  count: number
}

export type HealthState = 'ok' | 'failing' | 'backoff' | 'pending' | 'disabled'

export interface SourceHealthView {
  id: string
  title: string
  href: string
  homepage: string | null
  feedUrl: string | null
  state: HealthState
  stateLabel: string
  lastTried: DateView | null
  lastSuccess: DateView | null
  lastError: string | null
  lastStatus: number | null
  consecutiveFailures: number
  failuresLabel: string
  nextRun: DateView | null
  itemCount: number
  itemCountLabel: string
  /** "3 items dropped last poll: 2 duplicate, 1 unusable link", or null when none were. */
  dropsLabel: string | null
  /** The last pass succeeded but warned (a tabular source's bad rows): not a failure. */
  warning: string | null
}

export function toSourcePath(id: string): string {
  return `/sources/${encodeURIComponent(id)}`
}

export function toCategoryPath(name: string): string {
  return `/categories/${encodeURIComponent(name)}`
}

export function toDateView(iso: string | null | undefined, now: Date): DateView | null {
  if (iso === null || iso === undefined) return null
  const absolute = formatAbsoluteDate(iso)
  if (absolute === '') return null
  return { iso: new Date(iso).toISOString(), absolute, short: formatShortDate(iso), relative: formatRelativeDate(iso, now) }
}

/** The entry's view; its source and category links keep the list's view mode. */
export function toItemView(item: ApiItem | SearchHit, now: Date, mode: ViewMode = 'full'): ItemView {
  const snippet = 'snippet' in item && typeof item.snippet === 'string' && item.snippet.trim() !== '' ? item.snippet : null
  return {
    id: item.id,
    title: item.title.trim() === '' ? '(untitled)' : item.title,
    href: toSafeHref(item.url),
    source: { text: item.source.title || item.source.id, href: withViewMode(toSourcePath(item.source.id), mode) },
    author: item.author !== null && item.author.trim() !== '' ? item.author : null,
    published: toDateView(item.published, now),
    excerpt: excerptText(item.summary),
    snippetHtml: snippet === null ? null : renderSnippetHtml(snippet),
    categories: uniqueCategories(item.categories).map((name) => ({ text: name, href: withViewMode(toCategoryPath(name), mode) })),
    alsoReportedBy: item.alsoReportedBy.map((other) => ({
      text: other.source.title || other.source.id,
      href: toSafeHref(other.url) ?? toSourcePath(other.source.id),
      sourceHref: toSourcePath(other.source.id),
    })),
    story: null,
    updated: toUpdateView(item, undefined, now),
    badges: toFactBadges(item.facts),
  }
}

/**
 * The edit mark of an item the source edited (revisionCount > 0), else null. With the item's
 * revisions (oldest first), the headline as first seen, when it differs from the current one.
 */
export function toUpdateView(
  item: Pick<ApiItem, 'title' | 'updated' | 'revisionCount'>,
  revisions: readonly ItemRevision[] | undefined,
  now: Date,
): UpdateView | null {
  if (item.revisionCount < 1) return null
  const firstTitle = revisions?.find((r) => r.changes.title !== undefined)?.changes.title?.[0]
  return { at: toDateView(item.updated, now), oldTitle: firstTitle !== undefined && firstTitle !== item.title ? firstTitle : null }
}

export function toRecentListViews(
  sources: SourceState[],
  recent: Map<string, RecentPost[]>,
  now: Date,
  mode: ViewMode = 'full',
): RecentListView[] {
  const lists: RecentListView[] = []
  for (const source of sources) {
    const posts = recent.get(source.id) ?? []
    if (posts.length === 0) continue
    lists.push({
      source: { text: source.title || source.id, href: withViewMode(toSourcePath(source.id), mode), homepage: toSafeHref(source.homepage) },
      posts: posts.map((post) => ({
        title: post.title.trim() === '' ? '(untitled)' : post.title,
        href: toSafeHref(post.url),
        date: toDateView(post.publishedAt, now),
      })),
    })
  }
  return lists
}

export function toCategoryViews(categories: CategoryCount[], mode: ViewMode = 'full'): CategoryView[] {
  return categories.map((c) => ({ text: c.name, href: withViewMode(toCategoryPath(c.name), mode), count: c.count }))
}

/** The statuses with which a server asks to be left alone for a while (with Retry-After). */
const BACK_OFF_STATUSES = new Set([429, 503])

/**
 * A source's health at a glance: failing when its last try did not succeed, backing off when
 * that try was a 429 or 503 and the next one is still ahead. The store keeps no Retry-After of
 * its own: a future nextRunAt after a 429/503 is the poller waiting, as it must, so it is not
 * shown as a fault.
 */
export function toHealthState(source: SourceState, now: Date): HealthState {
  if (!source.enabled) return 'disabled'
  // The poller marks a Retry-After hold without counting it as a failure (errors.ts backingOffCode).
  if (source.lastErrorCode === backingOffCode && isAhead(source.nextRunAt, now)) return 'backoff'
  if (source.consecutiveFailures > 0 || (source.lastError !== null && source.lastSuccessAt === null)) {
    return isBackingOff(source, now) ? 'backoff' : 'failing'
  }
  if (source.lastTriedAt === null) return 'pending'
  return 'ok'
}

function isBackingOff(source: SourceState, now: Date): boolean {
  return source.lastStatus !== null && BACK_OFF_STATUSES.has(source.lastStatus) && isAhead(source.nextRunAt, now)
}

function isAhead(at: string | null, now: Date): boolean {
  if (at === null) return false
  const next = Date.parse(at)
  return Number.isFinite(next) && next > now.getTime()
}

const stateLabels: Record<Exclude<HealthState, 'backoff'>, string> = {
  ok: 'OK',
  failing: 'Failing',
  pending: 'Not polled yet',
  disabled: 'Disabled',
}

function labelState(state: HealthState, source: SourceState): string {
  if (state === 'backoff') return `Backing off until ${formatAbsoluteDate(source.nextRunAt)}`
  if (state === 'disabled' && source.disabledReason) return `Disabled: ${source.disabledReason}`
  return stateLabels[state]
}

/** A source's health for /status and its page; URLs and the texts quoting them lose their credentials. */
export function toSourceHealthView(source: SourceState, now: Date): SourceHealthView {
  const state = toHealthState(source, now)
  const redact = (text: string | null): string | null => (text === null ? null : redactUrlsInText(text))
  return {
    id: source.id,
    title: source.title || source.id,
    href: toSourcePath(source.id),
    homepage: toSafeHref(source.homepage === null ? null : redactUrl(source.homepage)),
    feedUrl: toSafeHref(redactUrl(source.fetchUrl || source.url)),
    state,
    stateLabel: redactUrlsInText(labelState(state, source)),
    lastTried: toDateView(source.lastTriedAt, now),
    lastSuccess: toDateView(source.lastSuccessAt, now),
    lastError: redact(source.lastError),
    lastStatus: source.lastStatus,
    consecutiveFailures: source.consecutiveFailures,
    failuresLabel: formatCount(source.consecutiveFailures, 'failure'),
    nextRun: state === 'disabled' ? null : toDateView(source.nextRunAt, now),
    itemCount: source.itemCount,
    itemCountLabel: formatCount(source.itemCount, 'item'),
    dropsLabel: labelDrops(source.lastDropped),
    warning: redact(source.lastWarning),
  }
}

function labelDrops(counts: DropCounts | null): string | null {
  const total = totalDrops(counts)
  return total === 0 ? null : `${formatCount(total, 'item')} dropped last poll: ${describeDrops(counts)}`
}

function uniqueCategories(categories: string[]): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const name of categories) {
    const trimmed = name.trim()
    const key = trimmed.toLowerCase()
    if (trimmed === '' || seen.has(key)) continue
    seen.add(key)
    out.push(trimmed)
  }
  return out
}
