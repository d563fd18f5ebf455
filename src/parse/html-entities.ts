// Character references as HTML defines them, for feeds that use HTML names without declaring them
// (invalid XML, common in the wild: &hellip;, &alpha;, &there4;). The table is the `entities`
// package's full HTML5 one; numeric references map the way browsers map them (&#150; is the
// windows-1252 en dash, not a C1 control). Nothing here reads or expands a DTD.

import { decodeHTMLStrict, replaceCodePoint } from 'entities/decode'

const cache = new Map<string, string | undefined>()

/** The characters an HTML named reference (`alpha`, without & and ;) stands for, or undefined. */
export function lookupHtmlEntity(name: string): string | undefined {
  if (cache.has(name)) return cache.get(name)
  const reference = `&${name};`
  const decoded = decodeHTMLStrict(reference)
  const value = decoded === reference ? undefined : decoded
  if (cache.size < 4096) cache.set(name, value)
  return value
}

/** The character a numeric reference stands for, as an HTML parser reads it (128–159 through windows-1252, invalid → U+FFFD). */
export function decodeNumericReference(code: number): string {
  return String.fromCodePoint(replaceCodePoint(code))
}
