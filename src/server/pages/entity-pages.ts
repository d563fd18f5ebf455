// GET /orgs/:slug and /actors/:slug — every story about an organization, or claimed by a threat
// actor, newest activity first, each with its merged facts and how its record count grew
// ("9.4 million (Source A, 10 Jan 2026) → 10 million (Source B, 12 Jan 2026)"). The slug is the
// facet key (facet-keys.ts), so "Marks & Spencer plc" and "Marks and Spencer" share one page, and
// "cl0p" finds Clop's. An unknown slug is a 404 page.
import { BadQueryError } from '../../errors.js'
import { actorKey, orgKey } from '../../store/facet-keys.js'
import type { ApiStorySummary, ItemQuery } from '../../types.js'
import type { AppContext } from '../context.js'
import type { CachedAnswer } from '../middleware/cached-answer.js'
import { type BadgeView, describeRecordsHistory, toFactBadges } from './facts-view.js'
import { formatAbsoluteDate, formatShortDate } from './format.js'
import { readNow, renderMessageHtml, renderNotFoundHtml, toPageAnswer } from './page-answers.js'
import { buildPagination, PAGE_SIZE, type PaginationView } from './pagination.js'
import { renderPageHtml } from './render.js'
import { buildSidebarView, loadSidebarData } from './sidebar.js'
import { toStoryPath } from './story-views.js'

type EntityKind = 'org' | 'actor'

interface EntityStoryView {
  title: string
  href: string
  firstPublished: { iso: string; absolute: string; short: string }
  reportsLabel: string
  badges: BadgeView[]
  /** "9.4 million (Source A, 10 Jan 2026) → …", or null with fewer than two counts. */
  recordsHistory: string | null
}

const kinds: Record<EntityKind, { path: string; toKey: (slug: string) => string; intro: (name: string) => string; unknown: string }> = {
  org: {
    path: '/orgs/',
    toKey: orgKey,
    intro: (name) => `Every story about ${name}, newest first, with its breach facts and how the count of people affected changed.`,
    unknown: 'No report names that organization. Search, or follow an organization’s badge under a story.',
  },
  actor: {
    path: '/actors/',
    toKey: actorKey,
    intro: (name) => `Every story attributed to ${name}, newest first, with its breach facts.`,
    unknown: 'No report names that threat actor. Search, or follow an actor’s badge under a story.',
  },
}

export function describeOrgPage(ctx: AppContext, slug: string, query: URLSearchParams): CachedAnswer {
  return describeEntityPage(ctx, 'org', slug, query)
}

export function describeActorPage(ctx: AppContext, slug: string, query: URLSearchParams): CachedAnswer {
  return describeEntityPage(ctx, 'actor', slug, query)
}

function describeEntityPage(ctx: AppContext, kind: EntityKind, slug: string, query: URLSearchParams): CachedAnswer {
  const now = readNow(ctx)
  const spec = kinds[kind]
  const key = spec.toKey(slug.slice(0, 200))
  const cursor = query.get('cursor') ?? undefined
  const path = `${spec.path}${encodeURIComponent(key)}`
  return toPageAnswer(`${spec.path}\u0000${key}\u0000${cursor ?? ''}`, now, async () => {
    const name = key === '' ? null : await ctx.store.findFacetName(kind, key)
    if (name === null) return { status: 404, html: renderNotFoundHtml(`${spec.path}${slug}`, spec.unknown) }
    const filter: ItemQuery = kind === 'org' ? { org: key, limit: PAGE_SIZE } : { actor: key, limit: PAGE_SIZE }
    let page: Awaited<ReturnType<typeof ctx.store.listStories>>
    try {
      page = await ctx.store.listStories(cursor === undefined ? filter : { ...filter, cursor })
    } catch (err) {
      if (!(err instanceof BadQueryError)) throw err
      const back = { text: '← Back to the newest stories', href: path }
      return { status: 400, html: renderMessageHtml(400, 'That link no longer works', 'The page link is invalid or has expired.', back) }
    }
    const sidebarData = await loadSidebarData(ctx.store)
    const pagination: PaginationView = buildPagination(path, {}, cursor === undefined, page.nextCursor, {
      newer: '← Newest stories',
      older: 'Older stories →',
    })
    return {
      status: 200,
      html: renderPageHtml(
        'entity',
        {
          kicker: kind === 'org' ? 'Organization' : 'Threat actor',
          name,
          intro: spec.intro(name),
          feedHref: `/feed.xml?${kind}=${encodeURIComponent(key)}`,
          csvHref: `/api/stories.csv?${kind}=${encodeURIComponent(key)}`,
          stories: page.stories.map(toEntityStoryView),
          pagination,
        },
        {
          title: name,
          description: spec.intro(name),
          sidebar: buildSidebarView(sidebarData, now),
          feedFilter: `${kind}=${encodeURIComponent(key)}`,
          feedFilterLabel: name,
        },
      ),
      lastModified: page.stories.reduce<string | null>(
        (newest, s) => (newest === null || s.lastActivity > newest ? s.lastActivity : newest),
        null,
      ),
    }
  })
}

function toEntityStoryView(story: ApiStorySummary): EntityStoryView {
  return {
    title: story.title,
    href: toStoryPath(story.id),
    firstPublished: {
      iso: story.firstPublished,
      absolute: formatAbsoluteDate(story.firstPublished),
      short: formatShortDate(story.firstPublished),
    },
    reportsLabel: story.reports.length === 1 ? '1 report' : `${story.reports.length} reports`,
    badges: toFactBadges(story.facts),
    recordsHistory: describeRecordsHistory(story),
  }
}
