// Truncated documents (a dropped connection, a byte cap): keep the items that arrived whole.
// The document is cut after the last complete </item> or </entry> and its open root is closed.

import type { DetectedFormat } from './detect.js'

interface Shape {
  /** Closing tag that proves the document is complete. */
  rootClose: RegExp
  itemClose: string
  closers: string
}

const shapes: Partial<Record<DetectedFormat, Shape>> = {
  rss: { rootClose: /<\/rss\s*>/i, itemClose: '</item>', closers: '</channel></rss>' },
  rdf: { rootClose: /<\/rdf:RDF\s*>/, itemClose: '</item>', closers: '</rdf:RDF>' },
  atom: { rootClose: /<\/feed\s*>/, itemClose: '</entry>', closers: '</feed>' },
  atom03: { rootClose: /<\/feed\s*>/, itemClose: '</entry>', closers: '</feed>' },
}

/** The document cut to its complete items and closed, or undefined when it is not truncated that way. */
export function salvageTruncated(xml: string, format: DetectedFormat): string | undefined {
  const shape = shapes[format]
  if (!shape || shape.rootClose.test(xml.slice(-4096))) return undefined
  const lastItem = xml.lastIndexOf(shape.itemClose)
  if (lastItem < 0) return undefined
  return xml.slice(0, lastItem + shape.itemClose.length) + shape.closers
}
