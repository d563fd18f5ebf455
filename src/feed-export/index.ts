// Feed export: pure functions from typed entries to documents (strings).

export { ATOM_CONTENT_TYPE, renderAtom } from './atom.js'
export type { ExportSourceInfo } from './build-entry.js'
export { buildExportEntry } from './build-entry.js'
export { buildReportEntry, buildStoryEntry, resolveStoryUrl } from './build-story-entry.js'
export { JSON_FEED_CONTENT_TYPE, renderJsonFeed } from './json-feed.js'
export type { OpmlOptions, OpmlSource } from './opml.js'
export { OPML_CONTENT_TYPE, renderOpml } from './opml.js'
export { RSS_CONTENT_TYPE, renderRss } from './rss.js'
