export { parseFeed } from './parse-feed.js'
export type { ParseContext } from './parse-feed.js'
