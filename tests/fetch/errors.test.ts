import type { ServerResponse } from 'node:http'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FetchError } from '../../src/errors.js'
import { fetchSource } from '../../src/fetch/index.js'
import { toFetchError } from '../../src/fetch/map-error.js'
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js'
import { expectFetchError, makeOptions } from './support.js'

function answer(status: number, headers: Record<string, string> = {}) {
  return (_req: unknown, res: ServerResponse): void => {
    res.statusCode = status
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value)
    res.end('error page')
  }
}

describe('fetchSource: HTTP errors', () => {
  let srv: FixtureServer
  beforeEach(async () => {
    srv = await startFixtureServer()
  })
  afterEach(async () => {
    await srv.close()
  })

  it('turns 404 and 500 into http_status with a readable message', async () => {
    const notFound = await expectFetchError(fetchSource({ url: `${srv.url}/missing` }, makeOptions()), 'http_status')
    expect(notFound.status).toBe(404)
    expect(notFound.message).toBe(`fetch: HTTP 404 Not Found from ${srv.url}/missing`)
    expect(notFound.url).toBe(`${srv.url}/missing`)
    expect(notFound.retryAfterMs).toBeUndefined()
    srv.route('/boom', answer(500, { 'Retry-After': '10' }))
    const boom = await expectFetchError(fetchSource({ url: `${srv.url}/boom` }, makeOptions()), 'http_status')
    expect(boom.message).toBe(`fetch: HTTP 500 Internal Server Error from ${srv.url}/boom`)
    expect(boom.retryAfterMs).toBeUndefined()
  })

  it('carries Retry-After in seconds on 429', async () => {
    srv.route('/busy', answer(429, { 'Retry-After': '120' }))
    const err = await expectFetchError(fetchSource({ url: `${srv.url}/busy` }, makeOptions()), 'http_status')
    expect(err.status).toBe(429)
    expect(err.retryAfterMs).toBe(120_000)
    expect(err.message).toBe(`fetch: HTTP 429 Too Many Requests from ${srv.url}/busy`)
  })

  it('carries Retry-After as an HTTP date on 503', async () => {
    const now = Date.parse('2025-11-01T10:00:00Z')
    srv.route('/down', answer(503, { 'Retry-After': 'Sat, 01 Nov 2025 10:05:00 GMT' }))
    const err = await expectFetchError(fetchSource({ url: `${srv.url}/down` }, makeOptions({ now: () => now })), 'http_status')
    expect(err.status).toBe(503)
    expect(err.retryAfterMs).toBe(300_000)
  })

  it('names the redirect target in the error, and hides credentials', async () => {
    srv.route('/moved', answer(301, { Location: '/gone' }))
    srv.route('/gone', answer(410))
    const url = `http://reader:s3cret@127.0.0.1:${srv.port}/moved`
    const err = await expectFetchError(fetchSource({ url }, makeOptions()), 'http_status')
    expect(err.message).toBe(`fetch: HTTP 410 Gone from ${srv.url}/gone`)
    expect(srv.requests('/moved')[0]?.headers['authorization']).toBe(`Basic ${Buffer.from('reader:s3cret').toString('base64')}`)
  })
})

describe('fetchSource: URLs', () => {
  it.each(['file:///etc/passwd', 'ftp://example.com/feed.xml', 'javascript:alert(1)', 'data:text/plain,hi', 'not a url', ''])(
    'refuses %j with bad_url',
    async (url) => {
      await expectFetchError(fetchSource({ url }, makeOptions()), 'bad_url')
    },
  )
})

describe('fetchSource: timeouts and aborts', () => {
  let srv: FixtureServer
  beforeEach(async () => {
    srv = await startFixtureServer()
  })
  afterEach(async () => {
    await srv.close()
  })

  it('times out a server that never answers', async () => {
    srv.route('/hang', () => {})
    const started = Date.now()
    const err = await expectFetchError(fetchSource({ url: `${srv.url}/hang` }, makeOptions({ timeoutMs: 300 })), 'timeout')
    expect(err.message).toBe(`fetch: no complete answer from ${srv.url}/hang within 300 ms`)
    expect(Date.now() - started).toBeLessThan(10_000)
  })

  it('times out a body that trickles in a byte at a time (the deadline covers the body)', async () => {
    let closed = false
    srv.route('/trickle', async (_req, res) => {
      res.on('close', () => (closed = true))
      res.setHeader('Content-Type', 'application/rss+xml')
      res.flushHeaders()
      while (!res.destroyed) {
        res.write('<')
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    })
    const started = Date.now()
    await expectFetchError(fetchSource({ url: `${srv.url}/trickle` }, makeOptions({ timeoutMs: 600 })), 'timeout')
    expect(Date.now() - started).toBeLessThan(10_000)
    // The socket was closed: the server sees its response end.
    for (let i = 0; i < 100 && !closed; i++) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(closed).toBe(true)
  })

  it('times out a slow redirect chain as a whole', async () => {
    for (let i = 0; i < 4; i++) {
      srv.route(`/slow${i}`, (_req, res) => {
        setTimeout(() => {
          res.statusCode = 302
          res.setHeader('Location', `/slow${i + 1}`)
          res.end()
        }, 200)
      })
    }
    srv.serveBody('/slow4', '<rss/>')
    await expectFetchError(fetchSource({ url: `${srv.url}/slow0` }, makeOptions({ timeoutMs: 500 })), 'timeout')
  })

  it('stops with aborted when the caller aborts', async () => {
    srv.route('/hang', () => {})
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    const err = await expectFetchError(
      fetchSource({ url: `${srv.url}/hang` }, makeOptions({ signal: controller.signal, timeoutMs: 20_000 })),
      'aborted',
    )
    expect(err.message).toBe(`fetch: aborted while fetching ${srv.url}/hang`)
  })

  it('stops at once with an already-aborted signal', async () => {
    srv.serveBody('/feed.xml', '<rss/>')
    await expectFetchError(fetchSource({ url: `${srv.url}/feed.xml` }, makeOptions({ signal: AbortSignal.abort() })), 'aborted')
    expect(srv.hits('/feed.xml')).toBe(0)
  })
})

describe('fetchSource: the private-network guard', () => {
  let srv: FixtureServer
  beforeEach(async () => {
    srv = await startFixtureServer()
    srv.serveBody('/feed.xml', '<rss/>')
  })
  afterEach(async () => {
    await srv.close()
  })

  it('refuses 127.0.0.1 and localhost when private networks are not allowed', async () => {
    const literal = await expectFetchError(
      fetchSource({ url: `${srv.url}/feed.xml` }, makeOptions({ allowPrivateNetworks: false })),
      'blocked_address',
    )
    expect(literal.message).toBe('fetch: refused to connect to 127.0.0.1 (loopback); set settings.allowPrivateNetworks to allow it')
    const named = await expectFetchError(
      fetchSource({ url: `http://localhost:${srv.port}/feed.xml` }, makeOptions({ allowPrivateNetworks: false })),
      'blocked_address',
    )
    expect(named.message).toContain('(loopback)')
    for (const host of ['[::1]', '[::ffff:127.0.0.1]', '0x7f.1', '2130706433', '127.1']) {
      await expectFetchError(
        fetchSource({ url: `http://${host}:${srv.port}/feed.xml` }, makeOptions({ allowPrivateNetworks: false })),
        'blocked_address',
      )
    }
    expect(srv.hits('/feed.xml')).toBe(0)
  })

  it('allows them when private networks are allowed', async () => {
    const literal = await fetchSource({ url: `${srv.url}/feed.xml` }, makeOptions({ allowPrivateNetworks: true }))
    expect(literal.kind).toBe('fetched')
    const named = await fetchSource({ url: `http://localhost:${srv.port}/feed.xml` }, makeOptions({ allowPrivateNetworks: true }))
    expect(named.kind).toBe('fetched')
    expect(srv.hits('/feed.xml')).toBe(2)
  })
})

describe('fetchSource: network failures', () => {
  it('reports a refused connection as connection', async () => {
    const srv = await startFixtureServer()
    const port = srv.port
    await srv.close()
    const err = await expectFetchError(fetchSource({ url: `http://127.0.0.1:${port}/` }, makeOptions()), 'connection')
    expect(err.message).toContain('ECONNREFUSED')
  })

  it('reports a reset mid-answer as connection', async () => {
    const srv = await startFixtureServer()
    srv.route('/reset', (_req, res) => {
      res.setHeader('Content-Length', '1000')
      res.write('<rss')
      setTimeout(() => res.socket?.destroy(), 20)
    })
    try {
      await expectFetchError(fetchSource({ url: `${srv.url}/reset` }, makeOptions()), 'connection')
    } finally {
      await srv.close()
    }
  })

  it('reports a TLS handshake against a plain HTTP server as tls', async () => {
    const srv = await startFixtureServer()
    try {
      await expectFetchError(fetchSource({ url: `https://127.0.0.1:${srv.port}/` }, makeOptions()), 'tls')
    } finally {
      await srv.close()
    }
  })

  it('maps resolver and certificate error codes', () => {
    const signal = new AbortController().signal
    const dnsErr = Object.assign(new Error('getaddrinfo ENOTFOUND feeds.example'), { code: 'ENOTFOUND' })
    expect(toFetchError(dnsErr, 'https://feeds.example/', signal)).toMatchObject({ code: 'dns' })
    expect(toFetchError(Object.assign(new Error('x'), { code: 'EAI_AGAIN' }), 'u', signal).code).toBe('dns')
    expect(toFetchError(Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' }), 'u', signal).code).toBe('tls')
    expect(toFetchError(new AggregateError([Object.assign(new Error('r'), { code: 'ECONNREFUSED' })]), 'u', signal).code).toBe('connection')
    expect(toFetchError('weird', 'u', signal)).toBeInstanceOf(FetchError)
  })
})
