// opml/: OPML 1.0/2.0 files in (subscriptions, folders as tags) and the plan to merge them into feeds.json.
// (Writing OPML is feed-export's renderOpml.)

export { OpmlError, type OpmlErrorCode } from './opml-error.js'
export { type OpmlFeed, type OpmlSkip, type ParsedOpml, parseOpml, resolveFeedScheme } from './parse-opml.js'
export { checkSource, type ImportPlan, type ImportSkip, planOpmlImport } from './plan-import.js'
