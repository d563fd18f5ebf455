export type { DecodedBody } from './decode.js'
export { decodeBody } from './decode.js'
export type { ParseContext } from './parse-feed.js'
export { parseFeed } from './parse-feed.js'
