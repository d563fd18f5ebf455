// discover/: a feed URL or a site URL → the working feeds it leads to (title, format, latest items).

export { commonFeedPaths, listCommonFeedUrls } from './common-paths.js'
export { DiscoverError, type RejectedCandidate } from './discover-error.js'
export { type DiscoverOptions, discoverFeeds } from './discover-feeds.js'
export { type FeedLink, findFeedLinks } from './find-feed-links.js'
export type { DiscoveredFeed, FeedPreviewItem } from './summarize-feed.js'
