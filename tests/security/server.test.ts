// The public server under hostile requests, over real loopback HTTP (raw sockets where a normal
// client would refuse to send the request): strict security headers on every answer, no stack
// trace or internal path in any answer, the right 4xx for bad input, HEAD and OPTIONS, request
// size limits and per-client rate limits.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setLogLevel } from '../../src/lib/log.js'
import { readLimitOptionsFromEnv } from '../../src/server/middleware/limits.js'
import { openStore } from '../../src/store/index.js'
import type { AppConfig, Store } from '../../src/types.js'
import { spawnCli } from '../helpers/run-cli.js'
import { buildNewsroom } from '../server/fixtures.js'
import { type Running, startApp } from '../server/harness.js'
import { cleanUpFaults, makeTempDir, repoRoot, writeConfig } from './fault-support.js'

interface Raw {
  status: number
  headers: Record<string, string>
  body: string
}

/** Sends request bytes exactly as given (Connection: close is added) and reads the whole answer. */
function rawRequest(port: number, head: string, body = '', localAddress?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', ...(localAddress ? { localAddress } : {}) })
    const chunks: Buffer[] = []
    socket.on('connect', () => socket.end(`${head}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n${body}`))
    socket.on('data', (c: Buffer) => chunks.push(c))
    socket.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' || err.code === 'EPIPE' ? finish() : reject(err)))
    socket.on('close', finish)
    let done = false
    function finish(): void {
      if (done) return
      done = true
      const text = Buffer.concat(chunks).toString('latin1')
      const split = text.indexOf('\r\n\r\n')
      const headLines = (split === -1 ? text : text.slice(0, split)).split('\r\n')
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(headLines[0] ?? '')?.[1] ?? 0)
      const headers: Record<string, string> = {}
      for (const line of headLines.slice(1)) {
        const colon = line.indexOf(':')
        if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim()
      }
      let rest = split === -1 ? '' : text.slice(split + 4)
      if (headers['transfer-encoding'] === 'chunked') rest = unchunk(rest)
      resolve({ status, headers, body: Buffer.from(rest, 'latin1').toString('utf8') })
    }
  })
}

function unchunk(text: string): string {
  let out = ''
  let at = 0
  for (;;) {
    const eol = text.indexOf('\r\n', at)
    if (eol === -1) return out
    const size = parseInt(text.slice(at, eol), 16)
    if (!(size > 0)) return out
    out += text.slice(eol + 2, eol + 2 + size)
    at = eol + 2 + size + 2
  }
}

const get = (port: number, target: string, extra = ''): Promise<Raw> => rawRequest(port, `GET ${target} HTTP/1.1${extra}`)

const INTERNALS = /\/work\/|node_modules|\bat [\w.<>$]+ \(|\bat (async )?file:|\.ts:\d+:\d+|SqliteError|TypeError|RangeError|ReferenceError/

function expectNoInternals(res: Raw, label: string): void {
  expect(res.body, label).not.toMatch(INTERNALS)
  for (const [name, value] of Object.entries(res.headers)) expect(`${name}: ${value}`, label).not.toMatch(INTERNALS)
}

function expectSecurityHeaders(res: Raw, label: string): void {
  const csp = res.headers['content-security-policy'] ?? ''
  expect(csp, label).toMatch(/default-src 'none'/)
  expect(csp, label).not.toMatch(/unsafe-inline|unsafe-eval|\*/)
  expect(csp, label).toMatch(/frame-ancestors 'none'/)
  expect(csp, label).toMatch(/base-uri 'none'/)
  expect(res.headers['x-content-type-options'], label).toBe('nosniff')
  expect(res.headers['referrer-policy'], label).toBe('no-referrer')
  expect(res.headers['x-frame-options'] ?? 'SAMEORIGIN', label).toMatch(/DENY|SAMEORIGIN/)
  expect(res.headers['x-powered-by'], label).toBeUndefined()
}

let app: Running
let store: Store
let config: AppConfig

beforeAll(async () => {
  setLogLevel('silent')
  ;({ store, config } = await buildNewsroom())
  process.env['BREACHWIRE_RATE_LIMIT'] = 'off'
  app = await startApp(store, config)
  delete process.env['BREACHWIRE_RATE_LIMIT']
})
afterAll(async () => {
  await app.close()
  await store.close()
})

describe('security headers', () => {
  it.each([
    '/',
    '/api/items',
    '/api/items',
    '/feed.xml',
    '/feed.json',
    '/opml',
    '/search?q=acme',
    '/status',
    '/sources/alpha',
    '/no/such/page',
    '/api/nope',
    '/api/items?limit=abc',
    '/healthz',
    '/metrics',
  ])('%s carries the strict set (cache misses and hits alike)', async (target) => {
    const res = await get(app.port, target)
    expectSecurityHeaders(res, target)
  })
})

describe('bad requests: a clean 4xx, JSON on /api, never a 500, never internals', () => {
  const targets = [
    '/api/items?cursor=%ZZ',
    '/api/items?cursor=not-a-cursor',
    '/api/items?cursor=eyJ4IjoxfQ',
    `/api/items?cursor=${'A'.repeat(4000)}`,
    '/api/items?limit=-1',
    '/api/items?limit=abc',
    '/api/items?limit=1e9',
    '/api/items?limit=0x10',
    '/api/items?q=%22',
    '/api/items?q=AND',
    '/api/items?q=NEAR(',
    '/api/items?q=a*b*c*%22%22*',
    '/api/items?q=%00',
    '/api/items?source=%00&category=%FF',
    '/api/items?source[]=x&source[y]=z',
    '/api/items?__proto__=1&constructor[prototype][x]=1',
    '/api/%',
    '/api/items/../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/static/..%2f..%2fpackage.json',
    '/search?q=%E0%A4%A',
    '/search?q=%22unbalanced',
    `/search?q=${'x'.repeat(3000)}`,
    '/sources/%c0%ae%c0%ae',
    `/sources/${'a'.repeat(2000)}`,
    '/categories/%ff%fe',
    '/feed.xml?limit=abc',
    '/feed.json?q=%22',
    '/feed.atom?cursor=x',
    '/?page=-5',
    '/?page=99999999999999999999',
    '/%',
    '/%00',
  ]

  it.each(targets)('GET %s', async (target) => {
    const res = await get(app.port, target)
    expect(res.status, target).toBeGreaterThanOrEqual(200)
    expect(res.status, target).toBeLessThan(500)
    expectNoInternals(res, target)
    expectSecurityHeaders(res, target)
    if (target.startsWith('/api') && res.status >= 400) {
      expect(res.headers['content-type'], target).toMatch(/application\/json/)
      expect(typeof (JSON.parse(res.body) as { error?: unknown }).error, target).toBe('string')
    }
  })

  it.each([
    ['If-None-Match', `"${'x'.repeat(4000)}"`],
    ['If-Modified-Since', 'not a date'],
    ['Accept-Encoding', 'br;q=abc, gzip;q=-1, *;q=NaN'],
    ['Range', 'bytes=0-1,2-3,4-5,6-7,8-9'],
    ['X-Forwarded-For', '1.2.3.4, <script>'],
    ['Host', 'evil.example:99999'],
  ])('hostile %s header on /api/items and /feed.xml', async (name, value) => {
    for (const target of ['/api/items', '/feed.xml']) {
      const res = await rawRequest(app.port, `GET ${target} HTTP/1.1\r\n${name}: ${value}`)
      expect(res.status, `${name} ${target}`).toBeLessThan(500)
      expectNoInternals(res, `${name} ${target}`)
    }
  })

  it.each(['POST', 'PUT', 'DELETE', 'PATCH'])('%s on /api/items and / is a 404/405 without internals; JSON on /api', async (method) => {
    for (const target of ['/api/items', '/api/sources', '/', '/feed.xml']) {
      const res = await rawRequest(app.port, `${method} ${target} HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2`, '{}')
      expect(res.status, `${method} ${target}`).toBe(405)
      expect(res.headers['allow'], `${method} ${target}`).toBe('GET, HEAD, OPTIONS')
      expectNoInternals(res, `${method} ${target}`)
      if (target.startsWith('/api')) {
        expect(res.headers['content-type'], `${method} ${target}`).toMatch(/application\/json/)
        expect(typeof (JSON.parse(res.body) as { error?: unknown }).error).toBe('string')
      }
    }
  })

  it('TRACE is never echoed back', async () => {
    const res = await rawRequest(app.port, 'TRACE / HTTP/1.1\r\nX-Secret: echo-me')
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
    expect(res.body).not.toContain('echo-me')
  })
})

describe('HEAD and OPTIONS', () => {
  it.each(['/api/items', '/feed.xml', '/', '/api/sources'])('HEAD %s: the GET headers, no body', async (target) => {
    const head = await rawRequest(app.port, `HEAD ${target} HTTP/1.1`)
    const full = await get(app.port, target)
    expect(head.status).toBe(200)
    expect(head.body).toBe('')
    expect(head.headers['content-type']).toBe(full.headers['content-type'])
    expectSecurityHeaders(head, `HEAD ${target}`)
  })

  it.each(['/api/items', '/feed.xml', '/'])('OPTIONS %s answers Allow with GET and HEAD, and no write method', async (target) => {
    const res = await rawRequest(app.port, `OPTIONS ${target} HTTP/1.1`)
    expect(res.status).toBeLessThan(300)
    const allow = res.headers['allow'] ?? ''
    expect(allow).toMatch(/\bGET\b/)
    expect(allow).toMatch(/\bHEAD\b/)
    expect(allow).not.toMatch(/POST|PUT|DELETE|PATCH/)
    expectNoInternals(res, `OPTIONS ${target}`)
  })
})

describe('request size limits', () => {
  it('a request target over 8 KB gets 414 JSON', async () => {
    const res = await get(app.port, `/api/items?q=${'a'.repeat(9000)}`)
    expect(res.status).toBe(414)
    expect(JSON.parse(res.body)).toEqual({ error: expect.stringMatching(/too long/) })
    expectSecurityHeaders(res, '414')
  })

  it('a request head past Node’s 16 KB header limit is refused by Node itself (431), no internals', async () => {
    const res = await get(app.port, `/api/items?q=${'a'.repeat(20_000)}`)
    expect(res.status).toBe(431)
    expectNoInternals(res, '431')
  })

  // The limits guard every request that reaches the router: pages, errors and every cache miss.
  // An exact cache hit is answered from memory ahead of the router (middleware/fast-path.ts),
  // so these use URLs that are not cached yet.
  it('too many query parameters get 400 JSON', async () => {
    for (const path of ['/api/items?q=params', '/search?q=params']) {
      const res = await get(app.port, `${path}&${Array.from({ length: 60 }, (_, i) => `p${i}=1`).join('&')}`)
      expect(res.status, path).toBe(400)
      expect(JSON.parse(res.body)).toEqual({ error: expect.stringMatching(/too many query parameters/) })
    }
  })

  it('a body over the limit gets 413, a chunked body 411, and the connection is closed', async () => {
    const big = await rawRequest(app.port, 'GET /api/items?q=body HTTP/1.1\r\nContent-Length: 100000', 'x'.repeat(1000))
    expect(big.status).toBe(413)
    expect(JSON.parse(big.body)).toEqual({ error: expect.stringMatching(/too large/) })
    const chunked = await rawRequest(app.port, 'GET /search?q=a HTTP/1.1\r\nTransfer-Encoding: chunked', '5\r\nhello\r\n0\r\n\r\n')
    expect(chunked.status).toBe(411)
    expect(chunked.headers['connection']).toBe('close')
  })

  it('a small body on a GET is harmless', async () => {
    const res = await rawRequest(app.port, 'GET /api/items HTTP/1.1\r\nContent-Length: 2', '{}')
    expect(res.status).toBe(200)
  })
})

describe('rate limiting', () => {
  let limited: Running

  afterEach(() => {
    delete process.env['BREACHWIRE_RATE_LIMIT']
  })
  afterAll(async () => {
    await limited?.close()
  })

  it('reads BREACHWIRE_RATE_LIMIT', () => {
    expect(readLimitOptionsFromEnv({ BREACHWIRE_RATE_LIMIT: 'off' })).toEqual({ rateLimit: false })
    expect(readLimitOptionsFromEnv({ BREACHWIRE_RATE_LIMIT: 'api=5, search=3, window=10, bogus=1, api2=x' })).toEqual({
      rateLimit: { api: 5, search: 3, windowMs: 10_000 },
    })
    expect(readLimitOptionsFromEnv({})).toEqual({})
  })

  it('/api and /search answer 429 JSON with Retry-After past the limit, per client address', async () => {
    process.env['BREACHWIRE_RATE_LIMIT'] = 'api=5,search=3,window=60'
    limited = await startApp(store, config)
    // Distinct URLs: each one is a cache miss that reaches the router.
    for (let i = 0; i < 5; i++) expect((await get(limited.port, `/api/items?limit=${i + 1}`)).status).toBe(200)
    const api = await get(limited.port, '/api/items?limit=10')
    expect(api.status).toBe(429)
    expect(api.headers['content-type']).toMatch(/application\/json/)
    expect(JSON.parse(api.body)).toEqual({ error: expect.stringMatching(/too many API requests/) })
    expect(Number(api.headers['retry-after'])).toBeGreaterThan(0)
    expect(Number(api.headers['retry-after'])).toBeLessThanOrEqual(60)
    expectSecurityHeaders(api, '429')

    for (let i = 0; i < 3; i++) expect((await get(limited.port, `/search?q=acme${i}`)).status).toBe(200)
    const search = await get(limited.port, '/search?q=acme9')
    expect(search.status).toBe(429)
    expect(JSON.parse(search.body)).toEqual({ error: expect.stringMatching(/too many search requests/) })

    // Another client address (127.0.0.2 is loopback too) has its own budget; other routes are not limited.
    expect((await rawRequest(limited.port, 'GET /api/items?limit=11 HTTP/1.1', '', '127.0.0.2')).status).toBe(200)
    expect((await get(limited.port, '/feed.xml')).status).toBe(200)
    expect((await get(limited.port, '/healthz')).status).toBe(200)
  })

  it('BREACHWIRE_RATE_LIMIT=off turns it off (benchmarks)', async () => {
    // `app` was built with it off.
    for (let i = 0; i < 150; i++) {
      const res = await get(app.port, `/search?q=x${i}`)
      expect(res.status).toBe(200)
    }
  })
})

describe('serve opens the database read-only', () => {
  it('src/commands/serve.ts opens its store with readonly for every file database', () => {
    const source = readFileSync(join(repoRoot, 'src/commands/serve.ts'), 'utf8')
    expect(source).toMatch(/openStoreFromOptions\(ctx, \{ readonly: ctx\.dbPath !== ':memory:' \}\)/)
  })

  it.runIf(process.platform === 'linux')(
    'the running `serve` process holds the database file open O_RDONLY (from /proc)',
    async () => {
      const dir = makeTempDir('breachwire-serve-ro-')
      const db = join(dir, 'serve.db')
      const seed = openStore(db)
      await seed.close()
      const configPath = writeConfig(dir, [{ id: 'a', url: 'https://a.example/feed.xml' }])
      const { child } = spawnCli(['serve', '--config', configPath, '--db', db, '--port', '0'])
      try {
        const url = await new Promise<string>((resolve, reject) => {
          let out = ''
          child.stdout?.on('data', (c: Buffer) => {
            out += c.toString()
            const m = /serving (http:\/\/\S+)/.exec(out)
            if (m) resolve(m[1]!)
          })
          child.on('exit', (code) => reject(new Error(`serve exited ${code}`)))
        })
        expect((await get(Number(new URL(url).port), '/healthz')).status).toBe(200)
        const fdDir = `/proc/${child.pid}/fd`
        const modes: string[] = []
        for (const fd of readdirSync(fdDir)) {
          let target = ''
          try {
            target = readlinkSync(join(fdDir, fd))
          } catch {
            continue
          }
          if (target !== db) continue
          const flags = /flags:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/fdinfo/${fd}`, 'utf8'))?.[1] ?? ''
          // The access mode is the low two bits of the octal flags: 0 read-only, 1 write-only, 2 read-write.
          modes.push(['O_RDONLY', 'O_WRONLY', 'O_RDWR'][parseInt(flags, 8) & 3] ?? flags)
        }
        expect(modes.length).toBeGreaterThan(0)
        expect(new Set(modes)).toEqual(new Set(['O_RDONLY']))
      } finally {
        child.kill('SIGTERM')
        await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)))
        cleanUpFaults()
      }
    },
    30_000,
  )
})
