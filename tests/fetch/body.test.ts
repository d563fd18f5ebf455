import type { ServerResponse } from 'node:http'
import zlib from 'node:zlib'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { fetchSource } from '../../src/fetch/index.js'
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js'
import { expectFetchError, makeOptions } from './support.js'

const feed = Buffer.from(`<?xml version="1.0"?><rss version="2.0"><channel><title>${'breach '.repeat(500)}</title></channel></rss>`)

function sendEncoded(res: ServerResponse, encoding: string, body: Buffer): void {
  res.setHeader('Content-Type', 'application/rss+xml')
  res.setHeader('Content-Encoding', encoding)
  res.setHeader('Content-Length', String(body.length))
  res.end(body)
}

function waitForDrainOrClose(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done)
      res.off('close', done)
      resolve()
    }
    res.on('drain', done)
    res.on('close', done)
  })
}

/** 1 GiB of zeros, gzipped while streaming (about 1 MB). */
async function makeGzipBomb(): Promise<Buffer> {
  const gzip = zlib.createGzip({ level: 9 })
  const parts: Buffer[] = []
  gzip.on('data', (chunk: Buffer) => parts.push(chunk))
  const zeros = Buffer.alloc(1 << 20)
  for (let i = 0; i < 1024; i++) {
    if (!gzip.write(zeros)) await new Promise((resolve) => gzip.once('drain', resolve))
  }
  const ended = new Promise((resolve) => gzip.once('end', resolve))
  gzip.end()
  await ended
  return Buffer.concat(parts)
}

describe('fetchSource: bodies', () => {
  let srv: FixtureServer
  beforeEach(async () => {
    srv = await startFixtureServer()
  })
  afterEach(async () => {
    await srv.close()
  })

  it.each([
    ['gzip', () => zlib.gzipSync(feed)],
    ['x-gzip', () => zlib.gzipSync(feed)],
    ['deflate', () => zlib.deflateSync(feed)],
    ['deflate', () => zlib.deflateRawSync(feed)],
    ['br', () => zlib.brotliCompressSync(feed)],
    ['gzip, br', () => zlib.brotliCompressSync(zlib.gzipSync(feed))],
    ['identity', () => feed],
  ])('decodes Content-Encoding %s', async (encoding, encode) => {
    const body = encode()
    srv.route('/enc', (_req, res) => sendEncoded(res, encoding, body))
    const result = await fetchSource({ url: `${srv.url}/enc` }, makeOptions())
    expect(result.kind === 'fetched' && result.body.equals(feed)).toBe(true)
  })

  it('decodes raw deflate that arrives one byte at a time', async () => {
    const body = zlib.deflateRawSync(feed)
    srv.route('/drip', async (_req, res) => {
      res.setHeader('Content-Encoding', 'deflate')
      for (let i = 0; i < 3; i++) {
        res.write(body.subarray(i, i + 1))
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      res.end(body.subarray(3))
    })
    const result = await fetchSource({ url: `${srv.url}/drip` }, makeOptions())
    expect(result.kind === 'fetched' && result.body.equals(feed)).toBe(true)
  })

  it('reports a corrupt gzip body as a connection failure', async () => {
    srv.route('/corrupt', (_req, res) => sendEncoded(res, 'gzip', Buffer.from('this is not gzip at all')))
    const err = await expectFetchError(fetchSource({ url: `${srv.url}/corrupt` }, makeOptions()), 'connection')
    expect(err.message).toContain('decompress')
  })

  it('accepts a body of exactly maxBytes and refuses one byte more', async () => {
    srv.serveBody('/exact', Buffer.alloc(1000, 0x61))
    const ok = await fetchSource({ url: `${srv.url}/exact` }, makeOptions({ maxBytes: 1000 }))
    expect(ok.kind === 'fetched' && ok.body.length).toBe(1000)
    await expectFetchError(fetchSource({ url: `${srv.url}/exact` }, makeOptions({ maxBytes: 999 })), 'too_large')
  })

  it('refuses a too-large Content-Length before reading the body', async () => {
    srv.route('/huge', (_req, res) => {
      res.setHeader('Content-Length', String(10_000_000_000))
      res.flushHeaders() // then never sends a byte: only the header can end this early
    })
    const err = await expectFetchError(
      fetchSource({ url: `${srv.url}/huge` }, makeOptions({ maxBytes: 1000, timeoutMs: 20_000 })),
      'too_large',
    )
    expect(err.message).toBe(`fetch: body from ${srv.url}/huge is larger than 1000 bytes`)
  })

  it('stops an endless body at maxBytes', async () => {
    let written = 0
    srv.route('/endless', async (_req, res) => {
      const chunk = Buffer.alloc(64 * 1024, 0x62)
      while (!res.destroyed && !res.writableEnded) {
        written += chunk.length
        if (!res.write(chunk)) await waitForDrainOrClose(res)
      }
    })
    await expectFetchError(fetchSource({ url: `${srv.url}/endless` }, makeOptions({ maxBytes: 1 << 20 })), 'too_large')
    // The server stops once the client hangs up; socket buffers allow a few MB more at most.
    expect(written).toBeLessThan(64 << 20)
  })

  it('treats a 200 with an empty body as empty_body', async () => {
    srv.serveBody('/empty', '')
    const err = await expectFetchError(fetchSource({ url: `${srv.url}/empty` }, makeOptions()), 'empty_body')
    expect(err.message).toBe(`fetch: HTTP 200 with an empty body from ${srv.url}/empty`)
    srv.route('/empty-gzip', (_req, res) => sendEncoded(res, 'gzip', zlib.gzipSync(Buffer.alloc(0))))
    await expectFetchError(fetchSource({ url: `${srv.url}/empty-gzip` }, makeOptions()), 'empty_body')
    srv.route('/no-content', (_req, res) => {
      res.statusCode = 204
      res.end()
    })
    await expectFetchError(fetchSource({ url: `${srv.url}/no-content` }, makeOptions()), 'empty_body')
  })
})

describe('fetchSource: compression bombs', () => {
  let srv: FixtureServer
  let bomb: Buffer
  beforeAll(async () => {
    bomb = await makeGzipBomb()
  })
  beforeEach(async () => {
    srv = await startFixtureServer()
  })
  afterEach(async () => {
    await srv.close()
  })

  it('stops a 1 GiB gzip bomb at maxBytes with bounded memory', async () => {
    expect(bomb.length).toBeLessThan(2 << 20)
    srv.route('/bomb', (_req, res) => sendEncoded(res, 'gzip', bomb))
    const before = process.memoryUsage()
    let peakRss = before.rss
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss)
    }, 2)
    try {
      const err = await expectFetchError(fetchSource({ url: `${srv.url}/bomb` }, makeOptions({ maxBytes: 4 << 20 })), 'too_large')
      expect(err.message).toContain('larger than 4194304 bytes')
    } finally {
      clearInterval(sampler)
    }
    peakRss = Math.max(peakRss, process.memoryUsage().rss)
    // Inflating fully would take 1 GiB; the cap is 4 MiB. Allow generous slack for the GC.
    expect(peakRss - before.rss).toBeLessThan(200 << 20)
  })

  it('stops a deflate bomb too', async () => {
    const deflateBomb = zlib.deflateRawSync(Buffer.alloc(256 << 20), { level: 9 })
    srv.route('/dbomb', (_req, res) => sendEncoded(res, 'deflate', deflateBomb))
    await expectFetchError(fetchSource({ url: `${srv.url}/dbomb` }, makeOptions({ maxBytes: 1 << 20 })), 'too_large')
  })

  it('stops a brotli bomb too', async () => {
    const brBomb = zlib.brotliCompressSync(Buffer.alloc(256 << 20), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } })
    srv.route('/bbomb', (_req, res) => sendEncoded(res, 'br', brBomb))
    await expectFetchError(fetchSource({ url: `${srv.url}/bbomb` }, makeOptions({ maxBytes: 1 << 20 })), 'too_large')
  })
})
