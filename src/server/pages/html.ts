// The two HTML helpers the page code needs beyond Eta's own escaping: escaping text for a
// fragment built in code, and a guard that lets only http(s) URLs into an href.

export { escapeHtml } from '../../lib/html.js'

/** The URL when it is an absolute http(s) URL, else null (javascript:, data:, relative, junk). */
export function toSafeHref(url: string | null | undefined): string | null {
  if (url === null || url === undefined || url === '') return null
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null
  } catch {
    return null
  }
}
