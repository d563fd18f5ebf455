// Feed export: pure functions from typed entries to documents (strings).
export { renderRss, RSS_CONTENT_TYPE } from './rss.js'
export { renderAtom, ATOM_CONTENT_TYPE } from './atom.js'
export { renderJsonFeed, JSON_FEED_CONTENT_TYPE } from './json-feed.js'
export { renderOpml, OPML_CONTENT_TYPE } from './opml.js'
export type { OpmlOptions, OpmlSource } from './opml.js'
export { buildExportEntry } from './build-entry.js'
export type { ExportSourceInfo } from './build-entry.js'
