// An item's author as a display name.

import { collapseWhitespace, decodeHtmlEntities } from './html-text.js'

const AUTHOR_MAX = 200
const EMAIL = /^[^\s@<>()]+@[^\s@<>()]+$/

/**
 * Plain-text author: `jane@x (Jane Doe)` → `Jane Doe`, `Jane Doe <jane@x>` → `Jane Doe`,
 * a bare address stays; Blogger's `noreply@blogger.com (Unknown)` and empty values → null.
 */
export function normalizeAuthor(raw: string | undefined): string | null {
  if (typeof raw !== 'string') return null
  let text = collapseWhitespace(decodeHtmlEntities(raw).replace(/<(?![^<>@]*@)[^<>]*>/g, ' '))
  const paren = /^(\S+@\S+)\s*\((.+)\)$/.exec(text)
  if (paren?.[1] !== undefined && EMAIL.test(paren[1])) text = (paren[2] ?? '').trim()
  const angle = /^(.+?)\s*<([^<>]+@[^<>]+)>$/.exec(text)
  if (angle?.[1] !== undefined) text = angle[1].replace(/^"(.*)"$/, '$1').trim()
  text = text.replace(/^by\s+/i, '').trim()
  if (text === '' || /^unknown$/i.test(text)) return null
  return text.length > AUTHOR_MAX ? text.slice(0, AUTHOR_MAX).trim() : text
}
