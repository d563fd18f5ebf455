// Code units no stored text should carry.
//
// A lone UTF-16 surrogate (half of a pair, from a bad decoder, a truncation or a JSON "\ud83d"
// escape) has no UTF-8 form: better-sqlite3 writes it as U+FFFD, and the same text then differs
// between memory and the database. U+FFFE and U+FFFF are noncharacters (XML forbids them too).

// Without the `u` flag a regex sees code units, so a surrogate not next to its partner is matchable.
const BAD_CODE_UNITS = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ufffe\uffff]/g

/** `text` without lone surrogates and U+FFFE/U+FFFF; well-formed pairs stay. */
export function stripBadCodeUnits(text: string): string {
  return text.replace(BAD_CODE_UNITS, '')
}
