// Tracking pixels and tracker links found in feed content (FeedBurner, WordPress stats, …).

/** Hosts that serve only tracking images/redirects (the host or any subdomain of it). */
const TRACKER_HOSTS = [
  'feedsportal.com',
  'stats.wordpress.com',
  'pixel.wp.com',
  'pixel.quantserve.com',
  'pixel.facebook.com',
  'www.google-analytics.com',
  'google-analytics.com',
  'stats.g.doubleclick.net',
  'ad.doubleclick.net',
  'pubads.g.doubleclick.net',
  'feeds.wordpress.com',
  'b.scorecardresearch.com',
  'sb.scorecardresearch.com',
  'counter.yadro.ru',
  'mf.feeds.reuters.com',
  'rss.buysellads.com',
  'assets.feedblitz.com',
  'feeds.feedblitz.com',
]

/** FeedBurner paths that are tracking redirects (~r), flares (~ff) or ads (~a). */
const FEEDBURNER_PATH = /^\/~(?:r|ff|a|fc)\//

/** Host and path of an absolute URL as cleanUrl writes it (scheme and host already lowercase). */
function splitUrl(url: string): { host: string; path: string } | undefined {
  const m = /^https?:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^/?#:]*)(?::\d+)?([^?#]*)/i.exec(url)
  if (!m) return undefined
  return { host: (m[1] ?? '').toLowerCase(), path: m[2] ?? '' }
}

function isTrackerHost(host: string): boolean {
  if (host.startsWith('pixel.')) return true
  return TRACKER_HOSTS.some((tracker) => host === tracker || host.endsWith(`.${tracker}`))
}

/** true for an image that is (most likely) a tracking pixel: 1×1, a tracker host, a FeedBurner beacon. */
export function isTrackerImage(src: string, width?: string, height?: string): boolean {
  if (width !== undefined && Number(width) <= 1) return true
  if (height !== undefined && Number(height) <= 1) return true
  const url = splitUrl(src)
  if (url === undefined) return true
  if (isTrackerHost(url.host)) return true
  if (url.host.endsWith('feedburner.com') && FEEDBURNER_PATH.test(url.path)) return true
  return /\/(?:b|pixel|beacon|tracking[-_]?pixel)\.gif$/i.test(url.path)
}

/** true for a link that only exists to track or advertise (FeedBurner flares and ads, feedsportal). */
export function isTrackerLink(href: string): boolean {
  if (!href.includes('feedburner.com') && !href.includes('feedsportal.com')) return false
  const url = splitUrl(href)
  if (url === undefined) return false
  if (url.host.endsWith('feedburner.com') && FEEDBURNER_PATH.test(url.path)) return true
  return url.host === 'feedsportal.com' || url.host.endsWith('.feedsportal.com')
}
