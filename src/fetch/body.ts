// Reading a response body: undo Content-Encoding (gzip, deflate zlib-wrapped or raw, br) while
// streaming and stop as soon as the decoded bytes pass maxBytes, so a compression bomb or an
// endless body costs at most maxBytes of memory.

import type { IncomingMessage } from 'node:http'
import type { TransformCallback } from 'node:stream'
import { Transform, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import zlib from 'node:zlib'
import { FetchError } from '../errors.js'

/** More stacked codings than this is refused (each one is another inflater to run). */
const maxCodings = 3

export interface ReadBodyOptions {
  maxBytes: number
  url: string
  signal: AbortSignal
}

/** Reads and decodes the whole body. Rejects with too_large, or with the stream's own error. */
export async function readBody(res: IncomingMessage, opts: ReadBodyOptions): Promise<Buffer> {
  const encodings = parseContentEncoding(res.headers['content-encoding'])
  if (encodings.length > maxCodings) {
    throw new FetchError('connection', `fetch: ${opts.url} stacks ${encodings.length} content codings (at most ${maxCodings})`, {
      url: opts.url,
    })
  }
  const decoders = encodings
    .reverse()
    .map(createDecoder)
    .filter((d) => d !== undefined)
  const chunks: Buffer[] = []
  let total = 0
  const collector = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      total += chunk.length
      if (total > opts.maxBytes) return callback(createTooLargeError(opts.maxBytes, opts.url))
      chunks.push(chunk)
      callback()
    },
  })
  await pipeline([res, ...decoders, collector], { signal: opts.signal })
  return Buffer.concat(chunks, total)
}

export function createTooLargeError(maxBytes: number, url: string): FetchError {
  return new FetchError('too_large', `fetch: body from ${url} is larger than ${maxBytes} bytes`, { url })
}

/** Content-Encoding codings in the order applied by the server, lowercased, identity dropped. */
function parseContentEncoding(header: string | undefined): string[] {
  if (header === undefined) return []
  return header
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity')
}

/** A decoder for one coding; unknown codings pass the bytes through as they are. */
function createDecoder(coding: string): Transform | undefined {
  // Lenient flushes: many servers cut the final block of a compressed body short.
  const lenient = { finishFlush: zlib.constants.Z_SYNC_FLUSH }
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip(lenient)
    case 'deflate':
      return new DeflateDecoder()
    case 'br':
      return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH })
    default:
      return undefined
  }
}

/** true when two bytes start a zlib stream (RFC 1950: method 8, header checksum divisible by 31). */
function isZlibHeader(first: number, second: number): boolean {
  return (first & 0x0f) === 8 && first >> 4 <= 7 && ((first << 8) | second) % 31 === 0
}

/**
 * "deflate" as sent in practice: RFC 1950 zlib-wrapped, or raw RFC 1951 (old IIS and friends).
 * Looks at the first two bytes, then hands everything to the matching inflater.
 */
class DeflateDecoder extends Transform {
  private inflater: zlib.Inflate | zlib.InflateRaw | undefined
  private head: Buffer = Buffer.alloc(0)

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.inflater) {
      this.feed(chunk, callback)
      return
    }
    this.head = Buffer.concat([this.head, chunk])
    if (this.head.length < 2) {
      callback()
      return
    }
    this.inflater = this.start()
    this.feed(this.head, callback)
  }

  override _flush(callback: TransformCallback): void {
    let inflater = this.inflater
    if (!inflater) {
      if (this.head.length === 0) {
        callback()
        return
      }
      inflater = this.start()
      inflater.write(this.head)
    }
    inflater.once('end', () => callback())
    inflater.end()
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.inflater?.destroy()
    callback(err)
  }

  private start(): zlib.Inflate | zlib.InflateRaw {
    const lenient = { finishFlush: zlib.constants.Z_SYNC_FLUSH }
    const zlibWrapped = isZlibHeader(this.head[0] ?? 0, this.head[1] ?? 0)
    const inflater = zlibWrapped ? zlib.createInflate(lenient) : zlib.createInflateRaw(lenient)
    inflater.on('data', (data: Buffer) => this.push(data))
    inflater.on('error', (err) => this.destroy(err))
    this.inflater = inflater
    return inflater
  }

  private feed(chunk: Buffer, callback: TransformCallback): void {
    const inflater = this.inflater
    if (!inflater) {
      callback()
      return
    }
    if (inflater.write(chunk)) callback()
    else inflater.once('drain', () => callback())
  }
}
