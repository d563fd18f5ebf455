// The paths a route answers, for telling "wrong method" (405) from "no such page" (404). Every
// route is read-only, so the methods allowed are the same everywhere. Keep in step with routes/.
import { FEED_PATHS } from '../routes/feeds.js'

/** What every route answers (Express answers OPTIONS itself). */
export const ALLOWED_METHODS = 'GET, HEAD, OPTIONS'

const EXACT = new Set<string>(['/', '/search', '/status', '/opml', '/healthz', '/metrics', '/api/items', '/api/sources', ...FEED_PATHS])
/** Routes with one parameter segment after the prefix (/sources/:id, /categories/:name). */
const WITH_PARAM = ['/sources/', '/categories/']

/** true when a route answers `path` for GET (case-insensitive, a trailing slash allowed, as Express matches). */
export function isKnownRoute(path: string): boolean {
  const lower = path.toLowerCase()
  const trimmed = lower.length > 1 && lower.endsWith('/') ? lower.slice(0, -1) : lower
  if (EXACT.has(trimmed)) return true
  return WITH_PARAM.some((prefix) => trimmed.startsWith(prefix) && trimmed.length > prefix.length && !trimmed.slice(prefix.length).includes('/'))
}

/** true for a method the routes answer. */
export function isAllowedMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS'
}
