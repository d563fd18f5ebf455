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

function parseHost(url: string): URL | undefined {
  try {
    return new URL(url)
  } catch {
    return undefined
  }
}

function isTrackerHost(host: string): boolean {
  if (host.startsWith('pixel.')) return true
  return TRACKER_HOSTS.some((tracker) => host === tracker || host.endsWith('.' + tracker))
}

/** true for an image that is (most likely) a tracking pixel: 1×1, a tracker host, a FeedBurner beacon. */
export function isTrackerImage(src: string, width?: string, height?: string): boolean {
  if (width !== undefined && Number(width) <= 1) return true
  if (height !== undefined && Number(height) <= 1) return true
  const url = parseHost(src)
  if (url === undefined) return true
  if (isTrackerHost(url.hostname)) return true
  if (url.hostname.endsWith('feedburner.com') && FEEDBURNER_PATH.test(url.pathname)) return true
  return /\/(?:b|pixel|beacon|tracking[-_]?pixel)\.gif$/i.test(url.pathname)
}

/** true for a link that only exists to track or advertise (FeedBurner flares and ads, feedsportal). */
export function isTrackerLink(href: string): boolean {
  const url = parseHost(href)
  if (url === undefined) return false
  if (url.hostname.endsWith('feedburner.com') && FEEDBURNER_PATH.test(url.pathname)) return true
  return url.hostname === 'feedsportal.com' || url.hostname.endsWith('.feedsportal.com')
}
