// The key a category is stored, counted and filtered under: case, spacing and punctuation folded,
// so "Health-Care", "health care" and "Health  Care" are one category. Only ASCII punctuation
// (and the typographic apostrophe) is folded, not `+` ("C++" is not "C"): the PostgreSQL migration re-keys stored rows with
// the same character list in SQL (CATEGORY_PUNCTUATION), and must agree with this function.

/** The characters folded to a space, in the order the SQL `translate` lists them. */
export const CATEGORY_PUNCTUATION = `-_/\\.,:;!?&'"’()[]{}|*#@`

const punctuation = new RegExp(`[${CATEGORY_PUNCTUATION.replace(/[\\\]^-]/g, '\\$&')}]`, 'g')

export function toCategoryKey(name: string): string {
  return name.normalize('NFC').toLowerCase().replace(punctuation, ' ').replace(/\s+/g, ' ').trim()
}
