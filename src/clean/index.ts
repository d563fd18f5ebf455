// clean/: ParsedFeed → NormalizedItem[] (absolute clean URLs, sanitized HTML, text summary, UTC dates, identity).

export { collapseWhitespace, extractHtmlText } from './html-text.js'
export type { NormalizeContext } from './normalize.js'
export { normalizeItems, normalizeItemsPaced } from './normalize.js'
export { sanitizeContent } from './sanitize.js'
