// Which reader page a raw request target names, for the fast path (which runs before Express has
// parsed anything). It matches exactly what the pages router's patterns match in the common
// form — '/', '/search', '/status', '/sources/<one segment>', '/categories/<one segment>' — and
// declines the rest (a trailing slash, other letter case, a bad %-escape), which Express then
// routes and answers the usual way, through the same describe* functions and the same cache.
import type { AppContext } from '../context.js'
import type { CachedAnswer } from '../middleware/cached-answer.js'
import { describeCategoryPage, describeRiverPage, describeSearchPage, describeSourcePage, describeStatusPage } from './page-answers.js'

export interface PageMatch {
  /** The route pattern, as request metrics label it (never the raw path). */
  label: string
  describe: () => CachedAnswer
}

/** The page a request target names, or null when it is not (exactly) one of the pages. */
export function matchPageRequest(ctx: AppContext, url: string): PageMatch | null {
  const at = url.indexOf('?')
  const path = at === -1 ? url : url.slice(0, at)
  const query = (): URLSearchParams => new URLSearchParams(at === -1 ? '' : url.slice(at + 1))
  switch (path) {
    case '/':
      return { label: '/', describe: () => describeRiverPage(ctx, query()) }
    case '/search':
      return { label: '/search', describe: () => describeSearchPage(ctx, query()) }
    case '/status':
      return { label: '/status', describe: () => describeStatusPage(ctx) }
  }
  const source = readSegment(path, '/sources/')
  if (source !== null) return { label: '/sources/:id', describe: () => describeSourcePage(ctx, source, query()) }
  const category = readSegment(path, '/categories/')
  if (category !== null) return { label: '/categories/:name', describe: () => describeCategoryPage(ctx, category, query()) }
  return null
}

/** The decoded segment after `prefix` when the path is prefix + one non-empty segment, else null. */
function readSegment(path: string, prefix: string): string | null {
  if (!path.startsWith(prefix) || path.length === prefix.length || path.indexOf('/', prefix.length) !== -1) return null
  try {
    return decodeURIComponent(path.slice(prefix.length))
  } catch {
    return null
  }
}
