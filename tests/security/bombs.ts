// Hostile feed servers for the poller tests, generated as streams on the fixture server (nothing
// big is committed): entity bombs, XXE, compression bombs, endless and trickling bodies, redirect
// loops, garbage, empty bodies, HTML error pages, truncated XML, nesting bombs, and one good feed.
//
// Each bomb says how its source must end: a recorded error with one of `codes`, or stored items.
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import path from 'node:path'
import { Readable } from 'node:stream'
import { createBrotliCompress, createDeflate, createGzip, gzipSync, constants as zlibConstants } from 'node:zlib'
import { type FixtureServer, fixturesDir } from '../helpers/fixture-server.js'

export interface Bomb {
  id: string
  /** Error codes the source may end with (lastErrorCode); empty when it must succeed. */
  codes: string[]
  /** Set when success is acceptable: then at least this many items must be stored. */
  minItems?: number
}

export interface BombOptions {
  /** A file whose contents must never appear anywhere (the XXE target). */
  secretFile: string
  /** How much the compression bombs inflate to (bytes). Default 1 GiB: far past any maxBytes. */
  inflatedBytes?: number
  /** Seconds between the trickle's bytes. Default 1. */
  trickleEverySeconds?: number
}

const feedFile = (name: string): Buffer => readFileSync(path.join(fixturesDir, 'feeds', name))

/** An endless stream of zero bytes that stops after `total` bytes or when the client goes away. */
function zeros(total: number): Readable {
  const chunk = Buffer.alloc(64 * 1024)
  let sent = 0
  return new Readable({
    read() {
      if (sent >= total) {
        this.push(null)
        return
      }
      const piece = total - sent < chunk.length ? chunk.subarray(0, total - sent) : chunk
      sent += piece.length
      this.push(piece)
    },
  })
}

function pipeCompressed(res: ServerResponse, encoding: 'gzip' | 'deflate' | 'br', total: number): void {
  res.setHeader('Content-Type', 'application/rss+xml')
  res.setHeader('Content-Encoding', encoding)
  const compressor =
    encoding === 'gzip'
      ? createGzip({ level: 9 })
      : encoding === 'deflate'
        ? createDeflate({ level: 9 })
        : // Brotli holds output back until its window fills; flushing each chunk makes it stream.
          createBrotliCompress({ flush: zlibConstants.BROTLI_OPERATION_FLUSH, params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } })
  // A feed prologue first, so the decompressed bytes even look like the start of a feed.
  const body = Readable.from(
    (async function* () {
      yield Buffer.from('<?xml version="1.0"?><rss version="2.0"><channel><title>bomb</title><description>')
      yield* zeros(total)
    })(),
  )
  const stop = (): void => {
    body.destroy()
    compressor.destroy()
  }
  res.on('close', stop)
  body.pipe(compressor).pipe(res)
}

/** A billion-laughs DTD with `levels` levels of ten references each. */
export function buildEntityBomb(levels: number): string {
  const lines = ['<!ENTITY lol0 "lol">']
  for (let i = 1; i <= levels; i++) lines.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`)
  return (
    `<?xml version="1.0"?>\n<!DOCTYPE rss [\n${lines.join('\n')}\n]>\n<rss version="2.0"><channel><title>Laughs &lol${levels};</title><link>https://laughs.example/</link>` +
    `<item><title>Item &lol${levels};</title><link>https://laughs.example/1</link><description>&lol${levels};</description></item></channel></rss>`
  )
}

/** External entities to a local file, a loopback URL (the fixture server's /dtd-probe) and a parameter entity. */
export function buildXxe(secretFile: string, probeUrl: string): string {
  return (
    `<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY file SYSTEM "file://${secretFile}">\n<!ENTITY remote SYSTEM "${probeUrl}">\n` +
    `<!ENTITY % dtd SYSTEM "${probeUrl}?param">\n%dtd;\n]>\n<rss version="2.0"><channel><title>XXE &file;</title><link>https://xxe.example/</link>` +
    `<item><title>Leak &file;</title><link>https://xxe.example/1</link><description>a &file; b &remote; c</description></item></channel></rss>`
  )
}

/**
 * Installs every bomb route on srv; returns the bombs (source ids = paths without the slash).
 * Only 'trickle' is meant to meet the deadline: poll the others with a generous timeoutSeconds,
 * so the byte cap, not a race with the clock, is what stops the compression and endless bombs.
 */
export function installBombs(srv: FixtureServer, opts: BombOptions): Bomb[] {
  const inflated = opts.inflatedBytes ?? 1024 ** 3
  const trickleMs = Math.round((opts.trickleEverySeconds ?? 1) * 1000)
  const bombs: Bomb[] = []
  const add = (bomb: Bomb, install: () => void): void => {
    bombs.push(bomb)
    install()
  }

  add({ id: 'good', codes: [], minItems: 3 }, () =>
    srv.serveBody('/good', feedFile('wordpress-rss2.xml'), { contentType: 'application/rss+xml' }),
  )
  add({ id: 'billion-laughs', codes: [], minItems: 1 }, () =>
    srv.serveBody('/billion-laughs', buildEntityBomb(9), { contentType: 'application/rss+xml' }),
  )
  add({ id: 'billion-laughs-fixture', codes: [], minItems: 1 }, () =>
    srv.serveBody('/billion-laughs-fixture', feedFile('billion-laughs.xml'), { contentType: 'application/rss+xml' }),
  )
  add({ id: 'xxe', codes: [], minItems: 1 }, () => {
    srv.serveBody('/xxe', buildXxe(opts.secretFile, `${srv.url}/dtd-probe`), { contentType: 'application/rss+xml' })
    srv.serveBody('/dtd-probe', '<!ENTITY leak "PROBED">', { contentType: 'application/xml-dtd' })
  })
  add({ id: 'huge-dtd', codes: [], minItems: 1 }, () =>
    srv.serveBody(
      '/huge-dtd',
      `<?xml version="1.0"?><!DOCTYPE rss [${`<!ENTITY pad "${'x'.repeat(100_000)}">`}${Array.from({ length: 2000 }, (_, i) => `<!ENTITY e${i} "v${i}">`).join('')}]>` +
        '<rss version="2.0"><channel><title>DTD</title><item><title>After a huge DTD &pad;</title><link>https://dtd.example/1</link></item></channel></rss>',
      { contentType: 'application/rss+xml' },
    ),
  )
  for (const encoding of ['gzip', 'deflate', 'br'] as const) {
    add({ id: `${encoding}-bomb`, codes: ['too_large'] }, () =>
      srv.route(`/${encoding}-bomb`, (_req, res) => pipeCompressed(res, encoding, inflated)),
    )
  }
  add({ id: 'endless', codes: ['too_large'] }, () =>
    srv.route('/endless', (_req, res) => {
      res.setHeader('Content-Type', 'application/rss+xml')
      const body = zeros(Number.MAX_SAFE_INTEGER)
      res.on('close', () => body.destroy())
      body.pipe(res)
    }),
  )
  add({ id: 'trickle', codes: ['timeout'] }, () =>
    srv.route('/trickle', (_req, res) => {
      res.setHeader('Content-Type', 'application/rss+xml')
      res.flushHeaders()
      const doc = feedFile('wordpress-rss2.xml')
      let at = 0
      const timer = setInterval(() => {
        if (at >= doc.length) return void res.end()
        res.write(doc.subarray(at, at + 1))
        at++
      }, trickleMs)
      res.on('close', () => clearInterval(timer))
    }),
  )
  add({ id: 'redirect-loop', codes: ['too_many_redirects'] }, () => {
    srv.route('/redirect-loop', (_req, res) => {
      res.statusCode = 302
      res.setHeader('Location', '/redirect-loop-b')
      res.end()
    })
    srv.route('/redirect-loop-b', (_req, res) => {
      res.statusCode = 301
      res.setHeader('Location', `${srv.url}/redirect-loop`)
      res.end()
    })
  })
  add({ id: 'garbage', codes: ['unrecognized_format', 'malformed'] }, () =>
    srv.serveBody('/garbage', Buffer.concat([Buffer.from([0x1f, 0x8b, 0x00, 0xff, 0xfe]), randomBytes(64 * 1024)]), {
      contentType: 'application/rss+xml',
    }),
  )
  add({ id: 'garbage-gzip-header', codes: ['unrecognized_format', 'malformed', 'connection', 'too_large'] }, () =>
    srv.serveBody('/garbage-gzip-header', randomBytes(8 * 1024), {
      contentType: 'application/rss+xml',
      headers: { 'Content-Encoding': 'gzip' },
    }),
  )
  add({ id: 'empty', codes: ['empty_body', 'empty'] }, () => srv.serveBody('/empty', '', { contentType: 'application/rss+xml' }))
  add({ id: 'html-error-page', codes: ['unrecognized_format'] }, () =>
    srv.serveBody('/html-error-page', feedFile('html-error-page.html'), { contentType: 'application/rss+xml' }),
  )
  add({ id: 'html-503', codes: ['http_status'] }, () =>
    srv.serveBody('/html-503', feedFile('html-error-page.html'), { status: 503, contentType: 'text/html' }),
  )
  add({ id: 'truncated', codes: [], minItems: 2 }, () =>
    srv.serveBody('/truncated', feedFile('truncated.xml'), { contentType: 'application/rss+xml' }),
  )
  add({ id: 'nesting-bomb', codes: ['malformed', 'unrecognized_format'], minItems: 0 }, () =>
    srv.serveBody(
      '/nesting-bomb',
      `<?xml version="1.0"?><rss version="2.0"><channel>${'<x>'.repeat(120_000)}${'</x>'.repeat(120_000)}</channel></rss>`,
      {
        contentType: 'application/rss+xml',
      },
    ),
  )
  add({ id: 'many-attributes', codes: ['malformed', 'unrecognized_format'], minItems: 0 }, () =>
    srv.serveBody(
      '/many-attributes',
      '<?xml version="1.0"?><rss version="2.0"><channel><title>attrs</title><item ' +
        Array.from({ length: 50_000 }, (_, i) => `a${i}="${i}"`).join(' ') +
        '><title>Many attributes</title><link>https://attrs.example/1</link></item></channel></rss>',
      { contentType: 'application/rss+xml' },
    ),
  )
  // Issue 14, case 2: empty items cost a few bytes on the wire and hundreds once read. Both end
  // well under the default maxBytes (nothing identifies an empty item, so nothing is stored; the
  // items-per-MB cap keeps them cheap), and too_large under a smaller one.
  add({ id: 'empty-rss-items', codes: ['too_large'], minItems: 0 }, () =>
    srv.serveBody('/empty-rss-items', gzipSync(buildEmptyItems('rss', NEAR_MAX_BYTES)), {
      contentType: 'application/rss+xml',
      headers: { 'Content-Encoding': 'gzip' },
    }),
  )
  add({ id: 'empty-json-items', codes: ['too_large'], minItems: 0 }, () =>
    srv.serveBody('/empty-json-items', gzipSync(buildEmptyItems('json', NEAR_MAX_BYTES)), {
      contentType: 'application/feed+json',
      headers: { 'Content-Encoding': 'gzip' },
    }),
  )
  return bombs
}

/** Just under the default maxBytes (10 MiB): the biggest body a source may send. */
const NEAR_MAX_BYTES = 10 * 1024 * 1024 - 1024

/** A feed of about `bytes` bytes of empty items: `<item/>` (1.5 million in 10 MB) or JSON Feed `{}` (3.5 million). */
export function buildEmptyItems(format: 'rss' | 'json', bytes: number): string {
  if (format === 'rss') {
    const head = '<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title>'
    const tail = '</channel></rss>'
    return head + '<item/>'.repeat(Math.floor((bytes - head.length - tail.length) / 7)) + tail
  }
  const head = '{"version":"https://jsonfeed.org/version/1.1","title":"Empty","items":['
  const count = Math.floor((bytes - head.length - 2) / 3)
  return `${head}${'{},'.repeat(count - 1)}{}]}`
}

/** A legal RSS feed of about `bytes` bytes: many items with HTML content (the biggest honest load). */
export function buildBigFeed(bytes: number): string {
  const items: string[] = []
  let size = 0
  for (let i = 0; size < bytes; i++) {
    const body = `<p>Item ${i} <a href="https://big.example/ref/${i}?utm_source=x">ref</a> ${'breach '.repeat(150)}</p><img src="https://big.example/i/${i}.png">`
    const item = `<item><title>Big feed item ${i}</title><link>https://big.example/posts/${i}</link><guid>big-${i}</guid><pubDate>Mon, 05 Jan 2026 10:00:00 GMT</pubDate><description><![CDATA[${body}]]></description></item>\n`
    items.push(item)
    size += item.length
  }
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title><link>https://big.example/</link>${items.join('')}</channel></rss>`
}

/** A valid RSS 2.0 feed of `count` distinct dated items, each about 200 bytes. */
export function buildManyItemsFeed(count: number): string {
  const items: string[] = []
  for (let i = 0; i < count; i++) {
    const hour = String(i % 24).padStart(2, '0')
    items.push(
      `<item><title>Breach at company ${i} exposes records</title><link>https://many.example/posts/${i}</link>` +
        `<guid>many-${i}</guid><pubDate>Mon, 05 Jan 2026 ${hour}:00:00 GMT</pubDate><description>Company ${i} says attackers took data.</description></item>\n`,
    )
  }
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Many</title><link>https://many.example/</link>${items.join('')}</channel></rss>`
}
