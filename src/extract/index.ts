// extract/: HTML page + `select` rules → ParsedFeed.

export { extractItems } from './extract-items.js'
export { validateSelectRules } from './validate-select-rules.js'
