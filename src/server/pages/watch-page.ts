// GET /watches/:id — a watch (feeds.json "watches"): what it matches, where it notifies, its
// delivery counts, and the reports it matched, newest first, with its three feeds.
import type { Watch } from '../../alerts/types.js'
import type { AppContext } from '../context.js'
import type { CachedAnswer } from '../middleware/cached-answer.js'
import { findNewestItemDate } from '../middleware/read-items.js'
import { readNow, renderNotFoundHtml, toPageAnswer } from './page-answers.js'
import { renderPageHtml } from './render.js'
import { buildSidebarView, loadSidebarData } from './sidebar.js'
import { toItemView } from './view-models.js'
import { describeWatchFilter, toWatchPath } from './watch-links.js'

/** Reports a watch's page and feeds list. */
export const WATCH_ITEMS = 50

function describeTarget(target: Watch['notify'][number]): string {
  if (target.type === 'webhook') return `webhook (${target.format}) to ${new URL(target.url).host}`
  return `email${target.digest === 'daily' ? ` (daily digest at ${target.digestAt} UTC)` : ''} to ${target.to.length} address${target.to.length === 1 ? '' : 'es'}`
}

export function describeWatchPage(ctx: AppContext, id: string): CachedAnswer {
  const now = readNow(ctx)
  return toPageAnswer(`/watches/\u0000${id}`, now, async () => {
    const watch = ctx.getConfig().watches?.find((w) => w.id === id)
    if (watch === undefined) {
      return { status: 404, html: renderNotFoundHtml(toWatchPath(id), 'There is no watch with that id in feeds.json.') }
    }
    const items = await ctx.store.alerts.listWatchItems(watch.id, WATCH_ITEMS)
    const stats = (await ctx.store.alerts.watchStats()).find((s) => s.watchId === watch.id)
    const feedFilter = toWatchPath(watch.id)
    const html = renderPageHtml(
      'watch',
      {
        watch: {
          title: watch.title,
          id: watch.id,
          filter: describeWatchFilter(watch),
          on: watch.on === 'story' ? 'once per story' : 'every report',
          targets: watch.notify.map(describeTarget),
        },
        stats: stats ?? { matches: 0, sent: 0, pending: 0, failed: 0, lastError: null },
        feeds: [
          { text: 'RSS', href: `${feedFilter}/feed.xml` },
          { text: 'Atom', href: `${feedFilter}/feed.atom` },
          { text: 'JSON Feed', href: `${feedFilter}/feed.json` },
        ],
        items: items.map((item) => toItemView(item, now)),
      },
      {
        title: watch.title,
        description: `Reports matching the watch ${watch.title}.`,
        sidebar: buildSidebarView(await loadSidebarData(ctx.store), now),
      },
    )
    return { status: 200, html, lastModified: findNewestItemDate(items) }
  })
}
