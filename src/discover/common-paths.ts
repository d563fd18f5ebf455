// Where sites usually keep their feed when the page does not say (WordPress, Ghost, Hugo, Jekyll,
// static site generators, Drupal).

/** Tried in this order, against the site root. */
export const commonFeedPaths: readonly string[] = [
  '/feed/',
  '/feed',
  '/rss.xml',
  '/rss',
  '/atom.xml',
  '/feed.xml',
  '/feed.json',
  '/index.xml',
  '/?feed=rss2',
]

/**
 * The usual feed URLs of a site: below the page's own folder first (a blog under /news/), then
 * at the root. Each URL once.
 */
export function listCommonFeedUrls(pageUrl: string): string[] {
  let page: URL
  try {
    page = new URL(pageUrl)
  } catch {
    return []
  }
  const out: string[] = []
  const add = (url: string): void => {
    if (!out.includes(url)) out.push(url)
  }
  const folder = page.pathname.replace(/[^/]*$/, '')
  if (folder !== '/' && folder !== '') {
    for (const p of commonFeedPaths) add(new URL(folder + p.replace(/^\//, ''), page.origin).href)
  }
  for (const p of commonFeedPaths) add(new URL(p, page.origin).href)
  return out
}
