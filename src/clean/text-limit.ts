// Cutting plain text to a length without splitting a word.

/**
 * `text` cut to at most `max` characters (ellipsis included), at a word boundary when one is
 * near, ending with '…'. Text already short enough comes back unchanged.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text
  const room = max - 1
  let cut = text.slice(0, room)
  const space = cut.lastIndexOf(' ')
  // Only back up to a space when it leaves most of the text; one long word is cut mid-word.
  if (space >= room * 0.6) cut = cut.slice(0, space)
  // Never end on half of a surrogate pair.
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1)
  return `${cut.replace(/[\s,;:.\-–—]+$/, '')}…`
}
