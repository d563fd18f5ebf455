export { fetchSource } from './fetch-source.js'
export type { FetchSourceOptions } from './fetch-source.js'
