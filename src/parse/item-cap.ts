// The items-per-megabyte cap, applied to the document text before any reader sees it. An empty
// item costs a few bytes on the wire (`<item/>`, `{}`) and hundreds once read: 1.45 million empty
// RSS items in 10 MB, or 3.5 million JSON Feed `{}`, took 400–800 MB to materialize (issue 14).
// A document with more item start tags than the cap is cut before the first item over it and its
// root closed again, so the readers, the fallbacks and every later stage only ever see the
// allowed items, in document order (a feed over the cap loses its last items, whatever their
// dates). Counting is an indexOf walk: nothing is allocated per item.
import type { DetectedFormat } from './detect.js'

/**
 * Items a megabyte of feed may carry: 5 000 is 210 bytes an item, about what a title, a link, a
 * guid, a date and one line of summary take. Real items are hundreds of bytes or more.
 */
export const MAX_ITEMS_PER_MEGABYTE = 5_000
/** Small documents may always carry this many, whatever their size. */
export const MIN_ITEM_CAP = 5_000

export interface CappedDocument {
  text: string
  /** Items left out (0 when the document was within the cap). */
  cut: number
}

/** How many items a document of `bytes` bytes may carry. */
export function measureItemCap(bytes: number): number {
  return Math.max(MIN_ITEM_CAP, Math.ceil((bytes / (1024 * 1024)) * MAX_ITEMS_PER_MEGABYTE))
}

interface XmlShape {
  itemOpen: string
  /** What closes the document again after a cut before an item. */
  closing: string
}

const xmlShapes: Partial<Record<DetectedFormat, XmlShape>> = {
  rss: { itemOpen: '<item', closing: '</channel></rss>' },
  rdf: { itemOpen: '<item', closing: '</rdf:RDF>' },
  atom: { itemOpen: '<entry', closing: '</feed>' },
  atom03: { itemOpen: '<entry', closing: '</feed>' },
}

/** The start of each item start tag (`<item>`, `<item/>`, `<item attr…>`), not `<itemize>`. */
function* itemStarts(xml: string, open: string): Generator<number> {
  for (let at = xml.indexOf(open); at !== -1; at = xml.indexOf(open, at + open.length)) {
    const next = xml.charCodeAt(at + open.length)
    // '>', '/', space, tab, CR, LF
    if (next === 62 || next === 47 || next === 32 || next === 9 || next === 13 || next === 10) yield at
  }
}

/**
 * An XML feed (canonical names) cut to `max` items. Start tags are counted as text, so one inside
 * CDATA counts too: only a document already over the cap can be cut early by that.
 */
export function capXmlItems(xml: string, format: DetectedFormat, max: number): CappedDocument {
  const shape = xmlShapes[format]
  if (shape === undefined) return { text: xml, cut: 0 }
  let count = 0
  let cutAt = -1
  for (const at of itemStarts(xml, shape.itemOpen)) {
    count++
    if (count === max + 1) cutAt = at
  }
  if (cutAt === -1) return { text: xml, cut: 0 }
  return { text: xml.slice(0, cutAt) + shape.closing, cut: count - max }
}

/**
 * A JSON Feed cut to `max` items: the top-level "items" array keeps its first `max` elements and
 * the rest of the document stays as it was. Invalid JSON is returned as it is, for JSON.parse to
 * report.
 */
export function capJsonFeedItems(text: string, max: number): CappedDocument {
  const found = findItemsArray(text, max)
  if (found === undefined || found.count <= max) return { text, cut: 0 }
  return { text: text.slice(0, found.keepUntil) + text.slice(found.close), cut: found.count - max }
}

/**
 * The root object's "items" array: how many elements it has, where the `max`-th ends and where
 * the array closes. One pass over the characters, strings skipped by their escapes; elements are
 * counted by the commas at the array's depth.
 */
function findItemsArray(text: string, max: number): { count: number; keepUntil: number; close: number } | undefined {
  let depth = 0
  let lastKey = ''
  let itemsDepth = -1
  let elementStart = false
  let count = 0
  let keepUntil = -1
  const endElement = (at: number): void => {
    count++
    if (count === max) keepUntil = at
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 34 /* " */) {
      const start = i + 1
      for (i = start; i < text.length; i++) {
        const d = text.charCodeAt(i)
        if (d === 92 /* \ */) i++
        else if (d === 34) break
      }
      if (depth === 1) lastKey = i - start === 5 ? text.slice(start, i) : ''
      if (itemsDepth !== -1 && depth === itemsDepth) elementStart = true
      continue
    }
    if (c === 123 /* { */ || c === 91 /* [ */) {
      if (c === 91 && depth === 1 && lastKey === 'items' && itemsDepth === -1) {
        itemsDepth = depth + 1
        depth++
        continue
      }
      if (itemsDepth !== -1 && depth === itemsDepth) elementStart = true
      depth++
      continue
    }
    if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--
      if (itemsDepth !== -1 && depth === itemsDepth - 1 && c === 93) {
        if (elementStart) endElement(i)
        return { count, keepUntil, close: i }
      }
      continue
    }
    if (itemsDepth !== -1 && depth === itemsDepth) {
      if (c === 44 /* , */) {
        endElement(i)
        elementStart = false
      } else if (c > 32) {
        elementStart = true
      }
    } else if (depth === 1 && c === 44) {
      lastKey = ''
    }
  }
  return undefined
}
