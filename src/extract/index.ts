// extract/: HTML page + `select` rules → ParsedFeed; csv, json and table sources + a `map` → ParsedFeed.

export { extractItems } from './extract-items.js'
export type { MapField } from './tabular/index.js'
export { compileField, DATE_FORMATS, isTabular, isValidTimeZone, MAP_FIELDS, readTabular } from './tabular/index.js'
export { validateSelectRules } from './validate-select-rules.js'
