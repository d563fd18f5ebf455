// Renders one reader page: the page template inside the layout, as an HTML string.

import { getAssetVersion, getViewEngine } from './view-engine.js'
import { type ViewMode, withViewMode } from './view-mode.js'
import type { CategoryView, LinkView, RecentListView } from './view-models.js'

export const SITE_NAME = 'breachwire'

export interface FeedLink {
  type: string
  title: string
  href: string
}

export interface SidebarView {
  /** "Recent posts on …" lists, for the sources with the freshest posts. */
  recent: RecentListView[]
  categories: CategoryView[]
  /** The link to every source (the sources page), or null when there is none. */
  allSources: LinkView | null
  /** The home page's list of watches (feeds.json "watches"), each a page and feeds. */
  watches?: LinkView[]
}

export interface LayoutOptions {
  /** Page title; " · breachwire" is appended unless it is the home page. */
  title: string
  description?: string
  nav?: 'home' | 'search' | 'sources' | 'categories' | 'status' | 'none'
  sidebar?: SidebarView | null
  searchQuery?: string
  /** Query string for filtered feed alternates (`source=x`), without '?'. */
  feedFilter?: string
  feedFilterLabel?: string
  noIndex?: boolean
  /** A wider single column (tables of facts, like /status). */
  wide?: boolean
  /** A list page's view: compact keeps the "Latest" link and the search form in it. */
  viewMode?: ViewMode
}

interface LayoutView {
  title: string
  description: string
  nav: string
  sidebar: SidebarView | null
  searchQuery: string
  feeds: FeedLink[]
  assetVersion: string
  robots: string | null
  wide: boolean
  compact: boolean
  homeHref: string
}

/** The three combined feeds, optionally narrowed by a filter query string. */
export function buildFeedLinks(filter?: string, label?: string): FeedLink[] {
  const suffix = filter ? `?${filter}` : ''
  const name = label ? `${SITE_NAME}: ${label}` : SITE_NAME
  return [
    { type: 'application/rss+xml', title: `${name} (RSS)`, href: `/feed.xml${suffix}` },
    { type: 'application/atom+xml', title: `${name} (Atom)`, href: `/feed.atom${suffix}` },
    { type: 'application/feed+json', title: `${name} (JSON Feed)`, href: `/feed.json${suffix}` },
  ]
}

/** The page's HTML string (the layout around the named template). */
export function renderPageHtml(template: string, data: Record<string, unknown>, options: LayoutOptions): string {
  const feeds = options.feedFilter
    ? [...buildFeedLinks(options.feedFilter, options.feedFilterLabel), ...buildFeedLinks()]
    : buildFeedLinks()
  const layout: LayoutView = {
    title: options.nav === 'home' && options.title === SITE_NAME ? SITE_NAME : `${options.title} · ${SITE_NAME}`,
    description:
      options.description ?? 'Data breach and privacy news from many sources, merged into one river with search, categories and feeds.',
    nav: options.nav ?? 'none',
    sidebar: options.sidebar ?? null,
    searchQuery: options.searchQuery ?? '',
    feeds,
    assetVersion: getAssetVersion(),
    robots: options.noIndex ? 'noindex' : null,
    wide: options.wide ?? false,
    compact: options.viewMode === 'compact',
    homeHref: withViewMode('/', options.viewMode ?? 'full'),
  }
  return getViewEngine().render(`/${template}`, { ...data, layout })
}
