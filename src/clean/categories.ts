// An item's own categories (the source's tags stay on the source).

import { collapseWhitespace, decodeHtmlEntities } from './html-text.js'

export const CATEGORIES_MAX = 20
const CATEGORY_MAX_LENGTH = 100

/** Plain text, trimmed, empty ones dropped, deduplicated case-insensitively (first spelling wins), at most 20. */
export function normalizeCategories(raw: readonly unknown[] | undefined): string[] {
  if (!Array.isArray(raw)) return []
  const seen = new Set<string>()
  const out: string[] = []
  for (const value of raw) {
    if (typeof value !== 'string') continue
    // WordPress often double-escapes (`Privacy &amp; Security` inside CDATA): decode once.
    const text = collapseWhitespace(decodeHtmlEntities(value)).slice(0, CATEGORY_MAX_LENGTH).trim()
    if (text === '') continue
    const key = text.toLowerCase()
    if (seen.has(key)) continue
    seen.add(key)
    out.push(text)
    if (out.length >= CATEGORIES_MAX) break
  }
  return out
}
