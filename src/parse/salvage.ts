// Truncated documents (a dropped connection, a byte cap, a server that never closes the root):
// keep what arrived. The document is cut after the last complete </item> or </entry> (a
// half-arrived item is not kept: with its link or guid still missing it would come back as a
// different item once the whole document arrives), or, when no item is complete, before the
// first item; every element still open at the cut is then closed, innermost first, so the channel's
// title and link survive even when no item does.

import type { DetectedFormat } from './detect.js'

interface Shape {
  /** Closing tag that proves the document is complete. */
  rootClose: RegExp
  itemClose: string
  itemOpen: RegExp
}

const shapes: Partial<Record<DetectedFormat, Shape>> = {
  rss: { rootClose: /<\/rss\s*>/i, itemClose: '</item>', itemOpen: /<item[\s>/]/ },
  rdf: { rootClose: /<\/rdf:RDF\s*>/, itemClose: '</item>', itemOpen: /<item[\s>/]/ },
  atom: { rootClose: /<\/feed\s*>/, itemClose: '</entry>', itemOpen: /<entry[\s>/]/ },
  atom03: { rootClose: /<\/feed\s*>/, itemClose: '</entry>', itemOpen: /<entry[\s>/]/ },
}

/** Sections whose `<` are not tags. */
const opaque = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>/g
const tag = /<(\/?)([A-Za-z_][\w.:-]*)(?:"[^"]*"|'[^']*'|[^'">])*?(\/?)>/g

/** The closing tags for the elements open at the end of `prefix`, innermost first. */
function closeOpenElements(prefix: string): string {
  const stack: string[] = []
  for (const match of prefix.replace(opaque, '').matchAll(tag)) {
    const [, closing, name = '', selfClosing] = match
    if (selfClosing) continue
    if (!closing) stack.push(name)
    else if (stack.lastIndexOf(name) >= 0) stack.length = stack.lastIndexOf(name)
  }
  return stack
    .reverse()
    .map((name) => `</${name}>`)
    .join('')
}

/** The document cut to what arrived whole and closed, or undefined when it is not truncated. */
export function salvageTruncated(xml: string, format: DetectedFormat): string | undefined {
  const shape = shapes[format]
  if (!shape || shape.rootClose.test(xml.slice(-4096))) return undefined
  const lastItem = xml.lastIndexOf(shape.itemClose)
  let cut = lastItem >= 0 ? lastItem + shape.itemClose.length : xml.search(shape.itemOpen)
  // No item at all: keep up to the last complete tag.
  if (cut < 0) cut = xml.lastIndexOf('>') + 1
  if (cut <= 0) return undefined
  // A cut inside an open CDATA section or comment would leave it unterminated: back off to before it.
  const prefix = xml.slice(0, cut)
  const openSection = Math.max(prefix.lastIndexOf('<![CDATA['), prefix.lastIndexOf('<!--'))
  const safe = openSection >= 0 && !/\]\]>|-->/.test(prefix.slice(openSection)) ? prefix.slice(0, openSection) : prefix
  return safe + closeOpenElements(safe)
}
