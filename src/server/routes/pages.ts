// The reader pages: the merged river, a source, a category, search, source status, the static
// assets they use, and the 404 page. Server-rendered with Eta, no client script. Each page
// makes one or two store queries; the sidebar is cached per store generation.
import express from 'express'
import type { NextFunction, Request, Response } from 'express'
import { BadQueryError } from '../../errors.js'
import type { ItemPage, ItemQuery, SourceState } from '../../types.js'
import type { AppContext } from '../context.js'
import { formatCount, formatRelativeDate } from '../pages/format.js'
import { buildPagination, MAX_PAGE_NUMBER, PAGE_SIZE, resolvePageCursor } from '../pages/pagination.js'
import { readPageNumber, readQueryString } from '../pages/query.js'
import { sendPage, SITE_NAME } from '../pages/render.js'
import { buildSidebarView, loadSidebarData } from '../pages/sidebar.js'
import { staticDir } from '../pages/view-engine.js'
import { toHealthState, toItemView, toSourceHealthView } from '../pages/view-models.js'

const MAX_QUERY_LENGTH = 200
const STATIC_MAX_AGE_MS = 365 * 24 * 3600 * 1000

type Handler = (req: Request, res: Response) => void

export function pagesRouter(ctx: AppContext): express.Router {
  const router = express.Router()
  const now = (): Date => ctx.now?.() ?? new Date()

  router.use(
    '/static',
    express.static(staticDir, { maxAge: STATIC_MAX_AGE_MS, immutable: true, index: false, redirect: false }),
  )

  router.get('/', guard((req, res) => {
    const at = now()
    const sidebarData = loadSidebarData(ctx.store)
    const cursor = readQueryString(req.query['cursor'])
    const page = readPageNumber(req.query['page'])
    if (page === null || (page !== undefined && page > MAX_PAGE_NUMBER)) {
      renderNotFoundPage(req, res)
      return
    }
    let start = cursor
    if (cursor === undefined && page !== undefined && page > 1) {
      const walked = resolvePageCursor((q) => ctx.store.listItems(q), page)
      if (walked === null) {
        renderNotFoundPage(req, res, `There is no page ${page}: the river is shorter than that.`)
        return
      }
      start = walked
    }
    const result = listPage(ctx, { limit: PAGE_SIZE }, start)
    const activeSources = sidebarData.sources.filter((s) => s.enabled && s.inConfig).length
    sendPage(
      res,
      200,
      'river',
      {
        heading: 'Latest breach news',
        intro: buildRiverIntro(activeSources, sidebarData.sources, at),
        emptyMessage:
          start === undefined
            ? 'Nothing here yet. Once the sources have been polled, the newest stories appear here.'
            : 'No older posts.',
        items: result.items.map((item) => toItemView(item, at)),
        pagination: buildPagination('/', {}, start === undefined, result.nextCursor),
      },
      { title: SITE_NAME, nav: 'home', sidebar: buildSidebarView(sidebarData, at) },
    )
  }))

  router.get('/sources/:id', guard((req, res) => {
    const at = now()
    const id = String(req.params['id'] ?? '')
    const source = ctx.store.getSource(id)
    if (!source) {
      renderNotFoundPage(req, res, 'There is no source with that name. The sources page lists them all.')
      return
    }
    const cursor = readQueryString(req.query['cursor'])
    const result = listPage(ctx, { sources: [source.id], limit: PAGE_SIZE }, cursor)
    const health = toSourceHealthView(source, at)
    sendPage(
      res,
      200,
      'source',
      {
        source: { ...health, homepageLabel: labelUrl(health.homepage) },
        feedHref: `/feed.xml?source=${encodeURIComponent(source.id)}`,
        emptyMessage: cursor === undefined ? 'No posts from this source yet.' : 'No older posts.',
        items: result.items.map((item) => toItemView(item, at)),
        pagination: buildPagination(health.href, {}, cursor === undefined, result.nextCursor),
      },
      {
        title: health.title,
        description: `Recent posts from ${health.title}, gathered by ${SITE_NAME}.`,
        sidebar: buildSidebarView(loadSidebarData(ctx.store), at),
        feedFilter: `source=${encodeURIComponent(source.id)}`,
        feedFilterLabel: health.title,
      },
    )
  }))

  router.get('/categories/:name', guard((req, res) => {
    const at = now()
    const name = String(req.params['name'] ?? '').trim()
    const cursor = readQueryString(req.query['cursor'])
    if (name === '' || name.length > MAX_QUERY_LENGTH) {
      renderNotFoundPage(req, res)
      return
    }
    const result = listPage(ctx, { category: name, limit: PAGE_SIZE }, cursor)
    if (result.items.length === 0 && cursor === undefined) {
      renderNotFoundPage(req, res, 'No posts carry that category. The sidebar on the home page lists the categories in use.')
      return
    }
    const sidebarData = loadSidebarData(ctx.store)
    const display = findCategoryName(name, sidebarData.categories, result)
    sendPage(
      res,
      200,
      'category',
      {
        category: display,
        intro: 'Posts filed under this category by their sources, newest first.',
        feedHref: `/feed.xml?category=${encodeURIComponent(display)}`,
        items: result.items.map((item) => toItemView(item, at)),
        pagination: buildPagination(`/categories/${encodeURIComponent(name)}`, {}, cursor === undefined, result.nextCursor),
      },
      {
        title: `Category: ${display}`,
        sidebar: buildSidebarView(sidebarData, at),
        feedFilter: `category=${encodeURIComponent(display)}`,
        feedFilterLabel: display,
      },
    )
  }))

  router.get('/search', guard((req, res) => {
    const at = now()
    const q = (readQueryString(req.query['q']) ?? '').trim()
    const cursor = readQueryString(req.query['cursor'])
    const base = { heading: 'Search', query: q, items: [] as unknown[], pagination: null }
    const options = { title: q === '' ? 'Search' : `Search: ${q}`, nav: 'search' as const, searchQuery: q, noIndex: true }
    if (q === '') {
      sendPage(res, 200, 'search', { ...base, message: 'Type a few words to search every post’s title and summary.', messageKind: 'info' }, options)
      return
    }
    if (q.length > MAX_QUERY_LENGTH) {
      sendPage(res, 400, 'search', { ...base, message: `That search is too long. Keep it under ${MAX_QUERY_LENGTH} characters.`, messageKind: 'error' }, options)
      return
    }
    let result
    try {
      result = ctx.store.searchItems(cursor === undefined ? { q, limit: PAGE_SIZE } : { q, limit: PAGE_SIZE, cursor })
    } catch (err) {
      if (!(err instanceof BadQueryError)) throw err
      const message = cursor === undefined
        ? 'We could not understand that search. Try plain words, a "phrase in quotes", or a prefix such as ransom*.'
        : 'That results link is no longer valid. Start the search again from the first page.'
      sendPage(res, 400, 'search', { ...base, message, messageKind: 'error' }, options)
      return
    }
    const found = result.items.length
    let message = ''
    if (found === 0) message = cursor === undefined ? `No posts match “${q}”. Try fewer or shorter words, or a prefix such as ransom*.` : 'No more results.'
    else if (cursor === undefined) message = `${result.nextCursor === null ? formatCount(found, 'result') : `Top ${found} results`} for “${q}”, best matches first.`
    sendPage(
      res,
      200,
      'search',
      {
        ...base,
        message,
        messageKind: 'info',
        items: result.items.map((item) => toItemView(item, at)),
        pagination: buildPagination('/search', { q }, cursor === undefined, result.nextCursor, {
          newer: '← Best matches',
          older: 'More results →',
        }),
      },
      { ...options, feedFilter: `q=${encodeURIComponent(q)}`, feedFilterLabel: `search “${q}”` },
    )
  }))

  router.get('/status', guard((_req, res) => {
    const at = now()
    const sources = ctx.store.listSources().filter((s) => s.inConfig || s.itemCount > 0)
    const views = sources.map((s) => toSourceHealthView(s, at))
    const rank = { failing: 0, pending: 1, ok: 2, disabled: 3 } as const
    views.sort((a, b) => rank[a.state] - rank[b.state] || a.title.localeCompare(b.title))
    sendPage(
      res,
      200,
      'status',
      { summary: buildStatusSummary(sources), sources: views },
      { title: 'Sources', nav: 'status', wide: true, description: `The health of every source ${SITE_NAME} polls.` },
    )
  }))

  return router
}

/** The 404 page, for unknown sources, categories and any path no route claims. */
export function renderNotFoundPage(req: Request, res: Response, message?: string): void {
  sendPage(
    res,
    404,
    'not-found',
    { message: message ?? `Nothing lives at ${truncate(req.path, 120)}. It may have moved, or the link may be mistyped.` },
    { title: 'Page not found', noIndex: true },
  )
}

/** A page with a heading and a sentence, for errors a route wants to show as HTML. */
export function renderMessagePage(res: Response, status: number, heading: string, message: string): void {
  sendPage(res, status, 'message', { kicker: `Error ${status}`, heading, message }, { title: heading, noIndex: true })
}

/** Runs a page handler; a bad cursor or query becomes a friendly 400 page, anything else goes on to the error middleware. */
function guard(handler: Handler): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    try {
      handler(req, res)
    } catch (err) {
      if (err instanceof BadQueryError) {
        renderMessagePage(res, 400, 'That link no longer works', 'The page link is invalid or has expired. Start again from the newest posts.')
        return
      }
      next(err)
    }
  }
}

function listPage(ctx: AppContext, query: Omit<ItemQuery, 'cursor'>, cursor: string | undefined): ItemPage {
  return ctx.store.listItems(cursor === undefined ? query : { ...query, cursor })
}

function buildRiverIntro(activeSources: number, sources: SourceState[], at: Date): string {
  const lastSuccess = sources
    .map((s) => s.lastSuccessAt)
    .filter((d): d is string => d !== null)
    .sort()
    .at(-1)
  const from = `The newest reports from ${formatCount(activeSources, 'source')}, one entry per story.`
  return lastSuccess ? `${from} Last checked ${formatRelativeDate(lastSuccess, at)}.` : from
}

function buildStatusSummary(sources: SourceState[]): string {
  const failing = sources.filter((s) => toHealthState(s) === 'failing').length
  const disabled = sources.filter((s) => toHealthState(s) === 'disabled').length
  const parts = [`${formatCount(sources.length, 'source')}`]
  parts.push(failing === 0 ? 'none failing' : `${failing} failing`)
  if (disabled > 0) parts.push(`${disabled} disabled`)
  return `${parts.join(', ')}. Failing sources are listed first.`
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
