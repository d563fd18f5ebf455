// Atom wants every entry id to be an IRI. Upstream ids are kept when they already are one
// (`https://…/?p=12`, `urn:uuid:…`, `tag:…`); anything else ("12345", "post 7") becomes a
// name-based urn:uuid derived from the source and the id, so it is the same on every render.
import { createHash } from 'node:crypto'

const MAX_IRI_LENGTH = 2048

/** true when `id` has a scheme and none of the characters an IRI may not contain. */
export function isAbsoluteIri(id: string): boolean {
  if (id.length === 0 || id.length > MAX_IRI_LENGTH) return false
  return /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`\u0000-\u001F\u007F]+$/.test(id)
}

/** The id itself when it is an IRI, else `urn:uuid:` of a SHA-1 over source id and id (UUID v5 layout). */
export function resolveAtomEntryId(sourceId: string, id: string): string {
  if (isAbsoluteIri(id)) return id
  const bytes = createHash('sha1').update(`breachwire\u0000${sourceId}\u0000${id}`).digest().subarray(0, 16)
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
