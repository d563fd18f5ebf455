// opml/: OPML 1.0/2.0 files in (subscriptions, folders as tags) and the plan to merge them into feeds.json.
// (Writing OPML is feed-export's renderOpml.)

export { parseOpml, resolveFeedScheme, type OpmlFeed, type OpmlSkip, type ParsedOpml } from './parse-opml.js'
export { planOpmlImport, checkSource, type ImportPlan, type ImportSkip } from './plan-import.js'
export { OpmlError, type OpmlErrorCode } from './opml-error.js'
