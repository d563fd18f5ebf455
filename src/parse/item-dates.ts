// Which of an item's many date elements is its published and which its updated date. One rule for
// RSS, RDF and Atom, in feedparser's model (docs/parsing.md):
//   published: pubDate / Atom published / Atom 0.3 issued / dcterms:issued
//   updated:   Atom updated / Atom 0.3 modified / dcterms:modified, then dc:date
//   created:   dcterms:created / Atom 0.3 created, a published date only when there is no other
// dc:date is an update stamp next to a publication date, and the publication date when it is the
// only date (RSS 1.0 feeds carry nothing else). clean/ falls back from published to updated.

import type { ParsedItem } from '../types.js'
import { readFirstString } from './field.js'

export interface DateCandidates {
  published: unknown[]
  updated: unknown[]
  dcDate: unknown[]
  created: unknown[]
}

export function pickItemDates(candidates: DateCandidates): Pick<ParsedItem, 'published' | 'updated'> {
  const published = readFirstString(...candidates.published)
  const updated = readFirstString(...candidates.updated)
  const dcDate = readFirstString(...candidates.dcDate)
  if (published !== undefined) return { published, updated: updated ?? dcDate }
  if (updated !== undefined) return { published: undefined, updated }
  return { published: dcDate ?? readFirstString(...candidates.created), updated: undefined }
}
