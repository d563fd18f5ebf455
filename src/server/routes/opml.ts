// GET /opml: the configured, enabled sources as OPML 2.0, one folder per first tag. A source read
// from an HTML page (no feed of its own) is listed with breachwire's feed of that source.
import { OPML_CONTENT_TYPE, type OpmlSource, renderOpml } from '../../feed-export/index.js'
import { redactUrl } from '../../lib/redact-url.js'
import type { AppContext } from '../context.js'
import { resolveBaseUrl } from '../middleware/base-url.js'
import type { DescribeAnswer } from '../middleware/cached-answer.js'
import { toWatchPath } from '../pages/watch-links.js'

/** Fixed, unlike the feeds' schedule-derived max-age (http-cache.ts resolveCacheMaxAges). */
const OPML_MAX_AGE_SECONDS = 300

function redactNullable(url: string | null): string | null {
  return url === null ? null : redactUrl(url)
}

/** GET /opml. */
export function describeOpml(ctx: AppContext): DescribeAnswer {
  return (req) => {
    const base = resolveBaseUrl(ctx, req)
    return {
      variant: `opml\u0000${base}`,
      maxAgeSeconds: OPML_MAX_AGE_SECONDS,
      render: async () => {
        const stored = new Map((await ctx.store.listSources()).map((state) => [state.id, state]))
        const sources: OpmlSource[] = ctx
          .getConfig()
          .sources.filter((source) => source.enabled)
          .map((source) => {
            const state = stored.get(source.id)
            return {
              title: source.title ?? state?.title ?? source.id,
              // Public: credentials in a private feed's URL stay in feeds.json (export-opml keeps them).
              xmlUrl:
                source.type === 'html'
                  ? `${base}/feed.xml?source=${encodeURIComponent(source.id)}`
                  : redactUrl(state?.fetchUrl ?? source.url),
              htmlUrl: redactNullable(source.homepage ?? state?.homepage ?? (source.type === 'html' ? source.url : null)),
              tags: source.tags,
            }
          })
        // Each watch is a feed too, in a "watches" folder (its page as the site).
        for (const watch of ctx.getConfig().watches ?? []) {
          const path = toWatchPath(watch.id)
          sources.push({ title: watch.title, xmlUrl: `${base}${path}/feed.xml`, htmlUrl: `${base}${path}`, tags: ['watches'] })
        }
        return {
          body: renderOpml(sources, { title: 'breachwire sources', ownerName: 'breachwire' }),
          contentType: OPML_CONTENT_TYPE,
          lastModified: null,
        }
      },
    }
  }
}
