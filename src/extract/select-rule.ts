// One `select` rule: a CSS selector with an optional `@attr` suffix (`h2 a@href`, `time@datetime`).

export interface SelectRule {
  /** The CSS selector, '' meaning the item element itself (`@href`). */
  selector: string
  /** The attribute to read, when the rule names one. */
  attr?: string
}

// The suffix is an attribute name at the very end, outside brackets and quotes
// (`a[href^="mailto:x@y"]` ends in ']' so it never matches).
const ATTR_SUFFIX = /@([A-Za-z_:][-A-Za-z0-9_:.]*)\s*$/

/** Splits `h2 a@href` into { selector: 'h2 a', attr: 'href' }. */
export function parseSelectRule(rule: string): SelectRule {
  const trimmed = rule.trim()
  const match = ATTR_SUFFIX.exec(trimmed)
  if (!match || match[1] === undefined) return { selector: trimmed }
  return { selector: trimmed.slice(0, match.index).trim(), attr: match[1].toLowerCase() }
}
