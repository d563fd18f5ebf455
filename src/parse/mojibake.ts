// Double-encoded UTF-8: a publisher read UTF-8 bytes as windows-1252 and encoded the result as
// UTF-8 again, so `…` arrives as `â€¦` and `é` as `Ã©`. A run that starts with a UTF-8 lead byte's
// windows-1252 character and continues with continuation bytes' characters is mapped back to the
// bytes and decoded, but only when those bytes are valid UTF-8 (so real `Ã©` text in a Latin-1
// document stays, unless it is exactly the spelling of a UTF-8 sequence, which real text never is).

import { isUtf8 } from 'node:buffer'
import iconv from 'iconv-lite'

/**
 * Character → byte for bytes 0x80–0xFF as windows-1252 shows them, and as ISO-8859-1 shows them
 * (C1 controls: the misreading was sometimes Latin-1, and windows-1252 leaves five bytes undefined).
 */
const byteOf = new Map<string, number>()
for (let byte = 0x80; byte <= 0xff; byte++) {
  byteOf.set(String.fromCharCode(byte), byte)
  const char = iconv.decode(Buffer.from([byte]), 'windows-1252')
  if (char !== '\ufffd') byteOf.set(char, byte)
}

const continuation = `[${[...byteOf]
  .filter(([, byte]) => byte <= 0xbf)
  .map(([char]) => char)
  .join('')
  .replace(/[\]\\^-]/g, '\\$&')}]`
/** A 2-, 3- or 4-byte UTF-8 sequence spelled in windows-1252 characters. */
const sequence = new RegExp(`[\\u00c2-\\u00df]${continuation}|[\\u00e0-\\u00ef]${continuation}{2}|[\\u00f0-\\u00f4]${continuation}{3}`, 'g')

/** `text` with double-encoded UTF-8 runs decoded; the same string when there are none. */
export function repairMojibake(text: string): string {
  sequence.lastIndex = 0
  if (!sequence.test(text)) return text
  return text.replace(sequence, (run) => {
    const bytes = Buffer.from([...run].map((char) => byteOf.get(char) ?? 0))
    return isUtf8(bytes) ? bytes.toString('utf8') : run
  })
}
