// fetch/: FetchRequest → FetchResult. Conditional GET, redirects, one deadline for the whole
// exchange, decompression under a byte cap, and the private-network guard at connect time.

export type { FetchSourceOptions } from './fetch-source.js'
export { fetchSource } from './fetch-source.js'
