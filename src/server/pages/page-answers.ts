// The reader pages as cached answers: each describe* reads a request's path parameter and query
// into a variant (the page's normalized inputs) and a render function; route-table.ts lists them
// and the router serves them through the page cache. Rendering never depends on anything but the
// variant, the store, the config and the clock step, so one cached body serves every request with
// the same key.
//
// A page that answers 404 or 400 (an unknown source, a page past the end, a bad cursor or
// search) is cached the same way, with its status, so repeating it costs no store query.
import { BadQueryError } from '../../errors.js'
import type { ApiItem, EntryUnit, ItemPage, ItemQuery, SearchPage, SearchSort, SourceState, Store, StoryOrder } from '../../types.js'
import type { AppContext } from '../context.js'
import type { RenderedBody } from '../http-cache.js'
import type { CachedAnswer } from '../middleware/cached-answer.js'
import { findNewestItemDate } from '../middleware/read-items.js'
import { buildChoiceSwitch, readChoice, toChoiceParams } from './choice-links.js'
import { describeEmptyRiver } from './empty-river.js'
import { type FacetView, readPageFactsFilter, toFacetViews } from './facts-view.js'
import { formatCount, formatRelativeDate } from './format.js'
import { PAGE_MAX_AGE_SECONDS, resolveTimeStep } from './page-cache.js'
import {
  buildPagination,
  MAX_PAGE_NUMBER,
  PAGE_SIZE,
  type PageStart,
  resolvePageStart,
  type SkipListEntries,
  skipByWalking,
} from './pagination.js'
import { buildHref } from './query.js'
import { buildFeedLinks, type LayoutOptions, renderPageHtml, SITE_NAME } from './render.js'
import { buildOrderSwitch, readRiverOrder, toOrderParams } from './river-order.js'
import { buildSidebarView, loadSidebarData } from './sidebar.js'
import { loadEntryStories } from './story-data.js'
import { withStoryLine, withStoryLink } from './story-views.js'
import { buildViewSwitch, readViewMode, toViewParams } from './view-mode.js'
import {
  type HealthState,
  type LinkView,
  type SourceHealthView,
  toCategoryPath,
  toItemView,
  toSourceHealthView,
  toSourcePath,
} from './view-models.js'
import { loadWatchStatus, toWatchLinks } from './watch-links.js'

export const MAX_QUERY_LENGTH = 200
/** Facet values shown per kind beside search results. */
const FACETS_PER_KIND = 5
const HTML_CONTENT_TYPE = 'text/html; charset=utf-8'

interface PageRender {
  status: number
  html: string
  /** Newest date the page shows (ISO), for Last-Modified. */
  lastModified?: string | null
}

/** Builds the cached answer around a page's render, at the clock step of `now`. */
export function toPageAnswer(variant: string, now: Date, render: () => Promise<PageRender>): CachedAnswer {
  return {
    variant: `page\u0000${variant}`,
    maxAgeSeconds: PAGE_MAX_AGE_SECONDS,
    epoch: resolveTimeStep(now),
    render: async (): Promise<RenderedBody> => {
      const page = await render()
      return { body: page.html, contentType: HTML_CONTENT_TYPE, lastModified: page.lastModified ?? null, status: page.status }
    },
  }
}

export function readNow(ctx: AppContext): Date {
  return ctx.now?.() ?? new Date()
}

/** A query parameter's first value, or undefined (never throws: bad %-escapes stay as typed). */
function readParam(query: URLSearchParams, name: string): string | undefined {
  return query.get(name) ?? undefined
}

/** GET / — the merged river, by last activity or ?order=first; ?cursor= or ?page=N. */
export function describeRiverPage(ctx: AppContext, query: URLSearchParams): CachedAnswer {
  const now = readNow(ctx)
  const cursor = readParam(query, 'cursor')
  const rawPage = readParam(query, 'page')
  const rawView = readParam(query, 'view')
  const rawOrder = readParam(query, 'order')
  const facts = readFactsOrError(query)
  const variant = `/\u0000${cursor ?? ''}\u0000${rawPage ?? ''}\u0000${rawView ?? ''}\u0000${rawOrder ?? ''}\u0000${facts.variant}`
  return toPageAnswer(variant, now, () =>
    renderGuarded(async () => {
      const store = ctx.store
      const mode = readViewMode(rawView)
      if (mode === null) return renderBadChoice('view', ['compact', 'full'], rawView ?? '', '/')
      const order = readRiverOrder(rawOrder)
      if (order === null) return renderBadChoice('order', ['activity', 'first'], rawOrder ?? '', '/')
      if (facts.error !== undefined) return renderBadFilter(facts.error, '/')
      const { filter, params: filterParams, label } = facts
      const start = await readStart(cursor, rawPage, (count) => store.findListCursor({ ...filter, order }, count))
      if (start.kind !== 'page') return renderOutOfRange(start, '/', 'the river')
      const sidebarData = await loadSidebarData(store)
      const { page, stories, revisions } = await loadEntryStories(
        store,
        start.cursor === undefined ? { ...filter, order, limit: PAGE_SIZE } : { ...filter, order, limit: PAGE_SIZE, cursor: start.cursor },
      )
      const activeSources = sidebarData.sources.filter((s) => s.enabled && s.inConfig).length
      const kept = { ...filterParams, ...toViewParams(mode), ...toOrderParams(order) }
      return renderOk(
        'river',
        {
          heading: label === '' ? 'Latest breach news' : 'Breach news, filtered',
          intro:
            label === ''
              ? buildRiverIntro(activeSources, sidebarData.sources, now, order)
              : `Stories with a report matching ${label}, newest first.`,
          empty: start.cursor === undefined ? describeEmptyRiver(sidebarData.sources, now) : { text: 'No older posts.', link: null },
          items: page.items.map((item) => withStoryLine(toItemView(item, now, mode), item, stories.get(item.storyId), revisions, now)),
          pagination: buildPagination('/', kept, start.cursor === undefined, page.nextCursor),
          compact: mode === 'compact',
          viewSwitch: buildViewSwitch('/', { ...filterParams, ...toOrderParams(order), cursor, page: rawPage }, mode),
          orderSwitch: buildOrderSwitch({ ...filterParams, ...toViewParams(mode) }, order),
        },
        {
          title: SITE_NAME,
          nav: 'home',
          sidebar: { ...buildSidebarView(sidebarData, now, mode), watches: toWatchLinks(ctx.getConfig().watches) },
          viewMode: mode,
        },
        page.items,
      )
    }),
  )
}

/** GET /sources/:id — one source's posts and health. */
export function describeSourcePage(ctx: AppContext, id: string, query: URLSearchParams): CachedAnswer {
  const now = readNow(ctx)
  const cursor = readParam(query, 'cursor')
  const rawPage = readParam(query, 'page')
  const rawView = readParam(query, 'view')
  const facts = readFactsOrError(query)
  const variant = `/sources/\u0000${id}\u0000${cursor ?? ''}\u0000${rawPage ?? ''}\u0000${rawView ?? ''}\u0000${facts.variant}`
  return toPageAnswer(variant, now, () =>
    renderGuarded(async () => {
      const mode = readViewMode(rawView)
      if (mode === null) return renderBadChoice('view', ['compact', 'full'], rawView ?? '', toSourcePath(id))
      if (facts.error !== undefined) return renderBadFilter(facts.error, toSourcePath(id))
      const { filter, params: filterParams } = facts
      const source = await ctx.store.getSource(id)
      if (!source) return renderNotFound(`/sources/${id}`, 'There is no source with that name. The sources page lists them all.')
      const health = toSourceHealthView(source, now)
      const start = await readStart(cursor, rawPage, (count) => ctx.store.findListCursor({ ...filter, sources: [source.id] }, count))
      if (start.kind !== 'page') return renderOutOfRange(start, health.href, 'this source’s list')
      const result = await listPage(ctx.store, { ...filter, sources: [source.id], limit: PAGE_SIZE }, start.cursor)
      return renderOk(
        'source',
        {
          source: { ...health, homepageLabel: labelUrl(health.homepage) },
          feedHref: `/feed.xml?source=${encodeURIComponent(source.id)}`,
          emptyMessage: start.cursor === undefined ? 'No posts from this source yet.' : 'No older posts.',
          items: result.items.map((item) => toItemView(item, now, mode)),
          pagination: buildPagination(
            health.href,
            { ...filterParams, ...toViewParams(mode) },
            start.cursor === undefined,
            result.nextCursor,
          ),
          compact: mode === 'compact',
          viewSwitch: buildViewSwitch(health.href, { ...filterParams, cursor, page: rawPage }, mode),
        },
        {
          title: health.title,
          description: `Recent posts from ${health.title}, gathered by ${SITE_NAME}.`,
          sidebar: buildSidebarView(await loadSidebarData(ctx.store), now, mode),
          viewMode: mode,
          feedFilter: `source=${encodeURIComponent(source.id)}`,
          feedFilterLabel: health.title,
        },
        result.items,
      )
    }),
  )
}

/** GET /categories/:name — posts carrying a category (matched case-insensitively). */
export function describeCategoryPage(ctx: AppContext, rawName: string, query: URLSearchParams): CachedAnswer {
  const now = readNow(ctx)
  const name = rawName.trim()
  const cursor = readParam(query, 'cursor')
  const rawPage = readParam(query, 'page')
  const rawView = readParam(query, 'view')
  const facts = readFactsOrError(query)
  const variant = `/categories/\u0000${name}\u0000${cursor ?? ''}\u0000${rawPage ?? ''}\u0000${rawView ?? ''}\u0000${facts.variant}`
  return toPageAnswer(variant, now, () =>
    renderGuarded(async () => {
      const path = toCategoryPath(name)
      const mode = readViewMode(rawView)
      if (mode === null) return renderBadChoice('view', ['compact', 'full'], rawView ?? '', path)
      if (name === '' || name.length > MAX_QUERY_LENGTH) return renderNotFound(path)
      if (facts.error !== undefined) return renderBadFilter(facts.error, path)
      const { filter: factsFilter, params: filterParams, label } = facts
      // Every post carrying the category, not one per story: the category counts (the sidebar's,
      // /categories') count posts, so the page lists what its count counts.
      const filter = { ...factsFilter, each: 'report' as const, category: name }
      const start = await readStart(cursor, rawPage, (count) => ctx.store.findListCursor(filter, count))
      const result = await listPage(ctx.store, { ...filter, limit: PAGE_SIZE }, start.kind === 'page' ? start.cursor : undefined)
      // Empty with a facts filter is an answer ("none of these"), not an unknown category.
      if (label === '' && result.items.length === 0 && (start.kind !== 'page' || start.cursor === undefined)) {
        return renderNotFound(path, 'No posts carry that category. The categories page lists the ones in use.')
      }
      if (start.kind !== 'page') return renderOutOfRange(start, path, 'this category')
      const sidebarData = await loadSidebarData(ctx.store)
      const display = findCategoryName(name, sidebarData.categories, result)
      return renderOk(
        'category',
        {
          category: display,
          intro:
            label === ''
              ? 'Posts filed under this category by their sources, newest first.'
              : `Posts filed under this category that match ${label}, newest first.`,
          feedHref: `/feed.xml?category=${encodeURIComponent(display)}`,
          items: result.items.map((item) => toItemView(item, now, mode)),
          pagination: buildPagination(path, { ...filterParams, ...toViewParams(mode) }, start.cursor === undefined, result.nextCursor),
          compact: mode === 'compact',
          viewSwitch: buildViewSwitch(path, { ...filterParams, cursor, page: rawPage }, mode),
        },
        {
          title: `Category: ${display}`,
          sidebar: buildSidebarView(sidebarData, now, mode),
          viewMode: mode,
          feedFilter: `category=${encodeURIComponent(display)}`,
          feedFilterLabel: display,
        },
        result.items,
      )
    }),
  )
}

const EACH_LABELS: Readonly<Record<EntryUnit, string>> = { story: 'One per story', report: 'Every report' }
const SORT_LABELS: Readonly<Record<SearchSort, string>> = { relevance: 'Best match', date: 'Newest' }

/** GET /search?q= — full-text search with highlighted snippets: one result per story (?each=report: every report), best match first (?sort=date: newest). */
export function describeSearchPage(ctx: AppContext, query: URLSearchParams): CachedAnswer {
  const now = readNow(ctx)
  const q = (readParam(query, 'q') ?? '').trim()
  const cursor = readParam(query, 'cursor')
  const rawPage = readParam(query, 'page')
  const rawView = readParam(query, 'view')
  const rawEach = readParam(query, 'each')
  const rawSort = readParam(query, 'sort')
  const facts = readFactsOrError(query)
  const key = [q, cursor, rawPage, rawView, rawEach, rawSort, facts.variant].map((v) => v ?? '').join('\u0000')
  return toPageAnswer(`/search\u0000${key}`, now, () =>
    renderGuarded(async () => {
      const first = buildHref('/search', { q })
      const mode = readViewMode(rawView)
      if (mode === null) return renderBadChoice('view', ['compact', 'full'], rawView ?? '', first)
      if (facts.error !== undefined) return renderBadFilter(facts.error, first)
      const { filter, params: filterParams } = facts
      const each = readChoice<EntryUnit>(rawEach, EACH_LABELS, 'story')
      if (each === null) return renderBadChoice('each', ['story', 'report'], rawEach ?? '', first)
      const sort = readChoice<SearchSort>(rawSort, SORT_LABELS, 'relevance')
      if (sort === null) return renderBadChoice('sort', ['relevance', 'date'], rawSort ?? '', first)
      const choiceParams = { ...toChoiceParams('each', each, 'story'), ...toChoiceParams('sort', sort, 'relevance') }
      // What every link of the results keeps (the query string of this search, without its page).
      const kept = { q, ...filterParams, ...toViewParams(mode), ...choiceParams }
      const base = {
        heading: 'Search',
        query: q,
        items: [] as unknown[],
        pagination: null,
        compact: mode === 'compact',
        viewSwitch: q === '' ? null : buildViewSwitch('/search', { ...kept, view: undefined, cursor, page: rawPage }, mode),
        facets: [] as FacetView[],
        choices:
          q === ''
            ? []
            : [
                buildChoiceSwitch('Results', '/search', kept, { name: 'each', labels: EACH_LABELS, current: each, fallback: 'story' }),
                buildChoiceSwitch('Sort', '/search', kept, { name: 'sort', labels: SORT_LABELS, current: sort, fallback: 'relevance' }),
              ],
        hidden: Object.entries(choiceParams).map(([name, value]) => ({ name, value })),
      }
      const options: LayoutOptions = {
        title: q === '' ? 'Search' : `Search: ${q}`,
        nav: 'search',
        searchQuery: q,
        noIndex: true,
        viewMode: mode,
      }
      const say = (status: number, message: string, messageKind: 'info' | 'error'): PageRender => ({
        status,
        html: renderPageHtml('search', { ...base, message, messageKind }, options),
      })
      if (q === '') return say(200, 'Type a few words to search every post’s title, text, categories and source.', 'info')
      if (q.length > MAX_QUERY_LENGTH) return say(400, `That search is too long. Keep it under ${MAX_QUERY_LENGTH} characters.`, 'error')
      let result: ItemPage | SearchPage
      let start: PageStart
      try {
        // Newest first is the list's own order (no ranking, no snippets); best match is the ranked search.
        const byDate = sort === 'date'
        const listed = { ...filter, q, each }
        start = await readStart(
          cursor,
          rawPage,
          byDate
            ? (count) => ctx.store.findListCursor(listed, count)
            : skipByWalking((page) => ctx.store.searchItems({ ...listed, ...page })),
        )
        if (start.kind !== 'page') return renderOutOfRange(start, buildHref('/search', kept), 'these results')
        const page = { ...listed, limit: PAGE_SIZE, ...(start.cursor === undefined ? {} : { cursor: start.cursor }) }
        result = byDate ? await ctx.store.listItems(page) : await ctx.store.searchItems(page)
      } catch (err) {
        if (!(err instanceof BadQueryError)) throw err
        return say(
          400,
          cursor === undefined
            ? 'We could not understand that search. Try plain words, a "phrase in quotes", or a prefix such as ransom*.'
            : 'That results link is no longer valid. Start the search again from the first page.',
          'error',
        )
      }
      const found = result.items.length
      let message = ''
      const onFirstPage = start.cursor === undefined
      const [unit, units] = each === 'story' ? ['story', 'stories'] : ['report', 'reports']
      if (found === 0)
        message = onFirstPage ? `No posts match “${q}”. Try fewer or shorter words, or a prefix such as ransom*.` : 'No more results.'
      else if (onFirstPage) {
        const counted = result.nextCursor === null ? formatCount(found, unit, units) : `Top ${found} ${units}`
        message = `${counted} for “${q}”, ${sort === 'date' ? 'newest' : 'best matches'} first.`
      }
      const facets = toFacetViews(await ctx.store.countFacets({ ...filter, q }, FACETS_PER_KIND), {
        q,
        ...filterParams,
        ...toViewParams(mode),
        ...choiceParams,
      })
      const feedFilter = buildHref('', { q, ...filterParams, ...toChoiceParams('each', each, 'story') }).slice(1)
      return renderOk(
        'search',
        {
          ...base,
          facets,
          message,
          messageKind: 'info',
          follow: buildFollowLinks(feedFilter),
          items: result.items.map((item) => {
            const view = toItemView(item, now, mode)
            return each === 'story' ? withStoryLink(view, item) : view
          }),
          pagination: buildPagination('/search', kept, onFirstPage, result.nextCursor, {
            newer: sort === 'date' ? '← Newest' : '← Best matches',
            older: 'More results →',
          }),
        },
        { ...options, feedFilter, feedFilterLabel: `search “${q}”` },
        result.items,
      )
    }),
  )
}

/** GET /status — every source's health, failing ones first. */
/** Sources per /status page: 10,000 sources on one page were 6.5 MB (issue 14). */
export const STATUS_PAGE_SIZE = 100

/** GET /status — every source's health, the troubled first; ?page=N, STATUS_PAGE_SIZE a page. */
export function describeStatusPage(ctx: AppContext, query: URLSearchParams): CachedAnswer {
  const now = readNow(ctx)
  const rawPage = readParam(query, 'page')
  return toPageAnswer(`/status\u0000${rawPage ?? ''}`, now, () =>
    renderGuarded(async () => {
      const page = rawPage === undefined || rawPage === '' ? 1 : /^\d{1,9}$/.test(rawPage) ? Number(rawPage) : 0
      if (page < 1) return renderOutOfRange({ kind: 'invalid', raw: rawPage ?? '' }, '/status', 'the status list')
      const sources = (await ctx.store.listSources()).filter((s) => s.inConfig || s.itemCount > 0)
      const views = sources.map((s) => toSourceHealthView(s, now))
      const rank = { failing: 0, backoff: 1, pending: 2, ok: 3, disabled: 4 } as const
      views.sort((a, b) => rank[a.state] - rank[b.state] || a.title.localeCompare(b.title))
      const pages = Math.max(1, Math.ceil(views.length / STATUS_PAGE_SIZE))
      if (page > pages) return renderOutOfRange({ kind: 'past-end', page }, '/status', 'the status list')
      const pagination = {
        newerHref: page > 1 ? buildHref('/status', { page: page === 2 ? undefined : String(page - 1) }) : null,
        olderHref: page < pages ? buildHref('/status', { page: String(page + 1) }) : null,
        newerText: '← Previous sources',
        olderText: `More sources (page ${page + 1} of ${pages}) →`,
      }
      return {
        status: 200,
        html: renderPageHtml(
          'status',
          {
            summary: buildStatusSummary(views),
            sources: views.slice((page - 1) * STATUS_PAGE_SIZE, page * STATUS_PAGE_SIZE),
            pagination,
            watches: await loadWatchStatus(ctx),
          },
          { title: 'Source status', nav: 'status', wide: true, description: `The health of every source ${SITE_NAME} polls.` },
        ),
        lastModified: findNewestTry(sources),
      }
    }),
  )
}

/** The 404 page's HTML, for unknown sources, categories and any path no route claims. */
export function renderNotFoundHtml(path: string, message?: string): string {
  return renderPageHtml(
    'not-found',
    { message: message ?? `Nothing lives at ${truncate(path, 120)}. It may have moved, or the link may be mistyped.` },
    { title: 'Page not found', noIndex: true },
  )
}

/** A page with a heading and a sentence, for errors a route wants to show as HTML. */
export function renderMessageHtml(status: number, heading: string, message: string, back?: LinkView): string {
  return renderPageHtml(
    'message',
    { kicker: status === 200 ? null : `Error ${status}`, heading, message, backHref: back?.href, backText: back?.text },
    { title: heading, noIndex: true },
  )
}

/** The page's facts filters with their cache-key part, or the refusal to show (as a 400 page). */
function readFactsOrError(
  query: URLSearchParams,
): (ReturnType<typeof readPageFactsFilter> & { variant: string; error?: undefined }) | { variant: string; error: string } {
  try {
    const read = readPageFactsFilter(query)
    return { ...read, variant: new URLSearchParams(read.params).toString() }
  } catch (err) {
    if (!(err instanceof BadQueryError)) throw err
    return { variant: `bad\u0000${err.message}`, error: err.message }
  }
}

/** A facts filter the page cannot take: 400, with the API's message naming the parameter and its values. */
function renderBadFilter(message: string, firstHref: string): PageRender {
  const back = { text: '← Back to the unfiltered list', href: firstHref }
  return { status: 400, html: renderMessageHtml(400, 'That filter is not one we know', message.replaceAll('`', ''), back) }
}

/** ?cursor= wins over ?page= (every link the pages print is a cursor); else ?page=N is walked. */
async function readStart(cursor: string | undefined, rawPage: string | undefined, skip: SkipListEntries): Promise<PageStart> {
  return cursor !== undefined ? { kind: 'page', cursor } : await resolvePageStart(rawPage, skip)
}

/**
 * ?page=N that names no page of `what`: a page past the end is a friendly 200 ("no older
 * posts"), a page number that is not one is a 400; both link back to the first page.
 */
function renderOutOfRange(start: Exclude<PageStart, { kind: 'page' }>, firstHref: string, what: string): PageRender {
  const back = { text: '← Back to the first page', href: firstHref }
  if (start.kind === 'past-end') {
    return { status: 200, html: renderMessageHtml(200, 'No older posts', `There is no page ${start.page}: ${what} ends before it.`, back) }
  }
  if (start.kind === 'too-deep') {
    const message = `Pages are numbered up to ${MAX_PAGE_NUMBER}, and ${what} is longer than that. Follow the “Older posts” links to read further back.`
    return { status: 400, html: renderMessageHtml(400, 'That page is too far back', message, back) }
  }
  const message = `“${truncate(start.raw, 40)}” is not a page number. Pages are numbered 1, 2, 3 and so on.`
  return { status: 400, html: renderMessageHtml(400, 'That is not a page number', message, back) }
}

/** "Follow this search": the search's three feeds, labelled by format. */
function buildFollowLinks(filter: string): LinkView[] {
  const labels = ['RSS', 'Atom', 'JSON Feed']
  return buildFeedLinks(filter).map((feed, i) => ({ text: labels[i] ?? feed.title, href: feed.href }))
}

/** A parameter that takes one of a few words and got another: a 400 page naming it and them. */
function renderBadChoice(name: string, allowed: readonly string[], raw: string, firstHref: string): PageRender {
  const choices = allowed.map((a) => `“${a}”`).join(' or ')
  const message = `The ${name} parameter takes ${choices}, not “${truncate(raw, 40)}”.`
  return {
    status: 400,
    html: renderMessageHtml(400, `That ${name} does not exist`, message, { text: '← Back to the first page', href: firstHref }),
  }
}

function renderNotFound(path: string, message?: string): PageRender {
  return { status: 404, html: renderNotFoundHtml(path, message) }
}

function renderOk(template: string, data: Record<string, unknown>, options: LayoutOptions, items: ApiItem[]): PageRender {
  return { status: 200, html: renderPageHtml(template, data, options), lastModified: findNewestItemDate(items) }
}

/** A bad or expired cursor becomes a friendly 400 page; anything else goes on to the error middleware. */
async function renderGuarded(render: () => Promise<PageRender>): Promise<PageRender> {
  try {
    return await render()
  } catch (err) {
    if (!(err instanceof BadQueryError)) throw err
    return {
      status: 400,
      html: renderMessageHtml(
        400,
        'That link no longer works',
        'The page link is invalid or has expired. Start again from the newest posts.',
      ),
    }
  }
}

async function listPage(store: Store, query: Omit<ItemQuery, 'cursor'>, cursor: string | undefined): Promise<ItemPage> {
  return await store.listItems(cursor === undefined ? query : { ...query, cursor })
}

function buildRiverIntro(activeSources: number, sources: SourceState[], at: Date, order: StoryOrder): string {
  let lastSuccess: string | null = null
  for (const s of sources)
    if (s.lastSuccessAt !== null && (lastSuccess === null || s.lastSuccessAt > lastSuccess)) lastSuccess = s.lastSuccessAt
  const sorted = order === 'first' ? 'by when each was first reported' : 'latest activity first'
  const from = `Reports from ${formatCount(activeSources, 'source')}, one entry per story, ${sorted}.`
  return lastSuccess ? `${from} Last checked ${formatRelativeDate(lastSuccess, at)}.` : from
}

function buildStatusSummary(views: SourceHealthView[]): string {
  const count = (state: HealthState): number => views.filter((v) => v.state === state).length
  const failing = count('failing')
  const parts = [`${formatCount(views.length, 'source')}`]
  parts.push(failing === 0 ? 'none failing' : `${failing} failing`)
  if (count('backoff') > 0) parts.push(`${count('backoff')} backing off`)
  if (count('disabled') > 0) parts.push(`${count('disabled')} disabled`)
  const warned = views.filter((v) => v.warning !== null).length
  if (warned > 0) parts.push(`${warned} with a warning`)
  return `${parts.join(', ')}. Failing sources are listed first.`
}

function findNewestTry(sources: SourceState[]): string | null {
  let newest: string | null = null
  for (const s of sources) {
    for (const iso of [s.lastTriedAt, s.lastSuccessAt]) if (iso !== null && (newest === null || iso > newest)) newest = iso
  }
  return newest
}

function findCategoryName(name: string, counts: { name: string }[], page: ItemPage): string {
  const lower = name.toLowerCase()
  const known = counts.find((c) => c.name.toLowerCase() === lower)
  if (known) return known.name
  for (const item of page.items) {
    const match = item.categories.find((c) => c.trim().toLowerCase() === lower)
    if (match) return match.trim()
  }
  return name
}

function labelUrl(href: string | null): string {
  if (href === null) return ''
  try {
    const url = new URL(href)
    const path = url.pathname === '/' ? '' : url.pathname
    return `${url.hostname.replace(/^www\./, '')}${path}`
  } catch {
    return href
  }
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}
