export { parseFeed } from './parse-feed.js'
export type { ParseContext } from './parse-feed.js'
export { decodeBody } from './decode.js'
export type { DecodedBody } from './decode.js'
