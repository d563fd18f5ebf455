// Which stored item a feed item is. Decided here, once.
//
// Like miniflux (entry hash from the GUID, else the URL) and yarr (guid, else a hash of the link),
// a feed's own id is the best identity: titles and links get edited, the guid is meant to stay.
// Without a guid the cleaned link identifies the item; cleaning first means the same article
// with different utm_* parameters on different polls stays one item. Without either, title plus
// the raw date string is all there is (a retitled item then becomes a new one, which is unavoidable).
// A guid that several items of one feed share with different links identifies nothing; the
// caller passes `guid: undefined` for those (see normalize.ts).

import { hashText } from '../lib/hash.js'

export interface IdentityInput {
  guid?: string | undefined
  /** The cleaned absolute link. */
  url?: string | undefined
  title: string
  /** The date string as the feed gave it. */
  rawDate?: string | undefined
}

/** The identity key of an item within its source. */
export function computeIdentityKey(input: IdentityInput): string {
  const guid = input.guid?.trim() ?? ''
  if (guid !== '') return hashText(`guid:${guid}`)
  if (input.url !== undefined && input.url !== '') return hashText(`link:${input.url}`)
  return hashText(`title:${input.title}|${input.rawDate?.trim() ?? ''}`)
}
