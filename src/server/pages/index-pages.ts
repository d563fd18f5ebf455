// The two index pages: /sources (every source with its health and item count) and /categories
// (every category in use, with its count). Cached like the other reader pages.
import type { AppContext } from '../context.js'
import type { CachedAnswer } from '../middleware/cached-answer.js'
import { formatCount } from './format.js'
import { readNow, toPageAnswer } from './page-answers.js'
import { renderPageHtml } from './render.js'
import { buildSidebarView, loadSidebarData } from './sidebar.js'
import { toCategoryViews, toSourceHealthView } from './view-models.js'

/** The most categories the store lists in one call (src/store read-extras listCategories). */
const MAX_CATEGORIES = 1000

/** GET /sources — every source still configured or still holding items, by name. */
export function describeSourcesIndexPage(ctx: AppContext): CachedAnswer {
  const now = readNow(ctx)
  return toPageAnswer('/sources', now, async () => {
    const data = await loadSidebarData(ctx.store)
    const sources = data.sources
      .filter((s) => s.inConfig || s.itemCount > 0)
      .map((s) => toSourceHealthView(s, now))
      .sort((a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id))
    const items = sources.reduce((sum, s) => sum + s.itemCount, 0)
    return {
      status: 200,
      html: renderPageHtml(
        'sources',
        {
          intro: `${formatCount(sources.length, 'source')}, ${formatCount(items, 'post')} kept. Each source’s page lists its posts; the status page has the details of every fetch.`,
          sources,
        },
        { title: 'Sources', nav: 'sources', sidebar: buildSidebarView(data, now) },
      ),
    }
  })
}

/** GET /categories — the categories in use, most used first. */
export function describeCategoriesIndexPage(ctx: AppContext): CachedAnswer {
  const now = readNow(ctx)
  return toPageAnswer('/categories', now, async () => {
    const categories = toCategoryViews(await ctx.store.listCategories(MAX_CATEGORIES))
    const intro =
      categories.length === MAX_CATEGORIES
        ? `The ${formatCount(MAX_CATEGORIES, 'category', 'categories')} used most, as the sources file their posts.`
        : `${formatCount(categories.length, 'category', 'categories')}, as the sources file their posts, most used first.`
    return {
      status: 200,
      html: renderPageHtml(
        'categories',
        { intro, categories },
        { title: 'Categories', nav: 'categories', sidebar: buildSidebarView(await loadSidebarData(ctx.store), now) },
      ),
    }
  })
}
