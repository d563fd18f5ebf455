// discover/: a feed URL or a site URL → the working feeds it leads to (title, format, latest items).

export { discoverFeeds, type DiscoverOptions } from './discover-feeds.js'
export { DiscoverError, type RejectedCandidate } from './discover-error.js'
export type { DiscoveredFeed, FeedPreviewItem } from './summarize-feed.js'
export { findFeedLinks, type FeedLink } from './find-feed-links.js'
export { listCommonFeedUrls, commonFeedPaths } from './common-paths.js'
