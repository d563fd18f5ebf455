// extract/tabular: csv, json and table sources → ParsedFeed through a `map` (docs/official-sources.md).

export { DATE_FORMATS } from './dates.js'
export type { MapField } from './map-spec.js'
export { compileField, MAP_FIELDS } from './map-spec.js'
export { isTabular, readTabular } from './read-tabular.js'
export { isValidTimeZone } from './zoned-time.js'
