import http from 'node:http'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fetchSource } from '../../src/fetch/index.js'
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js'
import { expectFetchError, makeOptions } from './support.js'

function redirect(status: number, location: string) {
  return (_req: http.IncomingMessage, res: http.ServerResponse): void => {
    res.statusCode = status
    res.setHeader('Location', location)
    res.end('moved')
  }
}

describe('fetchSource: redirects', () => {
  let srv: FixtureServer
  beforeEach(async () => {
    srv = await startFixtureServer()
    srv.serveBody('/final.xml', '<rss/>', { contentType: 'application/rss+xml', etag: '"f"' })
  })
  afterEach(async () => {
    await srv.close()
  })

  it('follows a chain of 301/308 and records it as permanent', async () => {
    srv.route('/a', redirect(301, `${srv.url}/b`))
    srv.route('/b', redirect(308, '/final.xml'))
    const result = await fetchSource({ url: `${srv.url}/a` }, makeOptions())
    expect(result).toMatchObject({
      kind: 'fetched',
      status: 200,
      requestedUrl: `${srv.url}/a`,
      finalUrl: `${srv.url}/final.xml`,
      permanentRedirectTo: `${srv.url}/final.xml`,
    })
    expect(srv.hits('/a') + srv.hits('/b') + srv.hits('/final.xml')).toBe(3)
  })

  it('does not record a chain with a temporary hop as permanent', async () => {
    srv.route('/a', redirect(301, '/b'))
    srv.route('/b', redirect(302, '/final.xml'))
    const result = await fetchSource({ url: `${srv.url}/a` }, makeOptions())
    expect(result.finalUrl).toBe(`${srv.url}/final.xml`)
    expect(result.permanentRedirectTo).toBeUndefined()
  })

  it.each([302, 303, 307])('follows %i without recording it', async (status) => {
    srv.route('/t', redirect(status, 'final.xml'))
    const result = await fetchSource({ url: `${srv.url}/t` }, makeOptions())
    expect(result).toMatchObject({ kind: 'fetched', finalUrl: `${srv.url}/final.xml` })
    expect(result.permanentRedirectTo).toBeUndefined()
  })

  it('sends the validators to the redirect target and reports its 304', async () => {
    srv.route('/old', redirect(301, '/final.xml'))
    const result = await fetchSource({ url: `${srv.url}/old`, etag: '"f"' }, makeOptions())
    expect(result).toMatchObject({ kind: 'not-modified', permanentRedirectTo: `${srv.url}/final.xml`, etag: '"f"' })
    expect(srv.requests('/final.xml')[0]?.headers['if-none-match']).toBe('"f"')
  })

  it('stops a redirect loop', async () => {
    srv.route('/x', redirect(302, '/y'))
    srv.route('/y', redirect(302, '/x'))
    const err = await expectFetchError(fetchSource({ url: `${srv.url}/x` }, makeOptions()), 'too_many_redirects')
    expect(err.message).toContain('loop')
    expect(srv.hits('/x')).toBe(1)
    expect(srv.hits('/y')).toBe(1)
  })

  it('follows 5 redirects and refuses the 6th', async () => {
    for (let i = 0; i < 6; i++) srv.route(`/r${i}`, redirect(301, i === 5 ? '/final.xml' : `/r${i + 1}`))
    await expectFetchError(fetchSource({ url: `${srv.url}/r0` }, makeOptions()), 'too_many_redirects')
    expect(srv.hits('/final.xml')).toBe(0)
    const ok = await fetchSource({ url: `${srv.url}/r1` }, makeOptions())
    expect(ok.finalUrl).toBe(`${srv.url}/final.xml`)
    await expectFetchError(fetchSource({ url: `${srv.url}/r5` }, makeOptions({ maxRedirects: 0 })), 'too_many_redirects')
  })

  it.each(['file:///etc/passwd', 'ftp://example.com/feed.xml', 'javascript:alert(1)', 'http://[not-an-ip/'])(
    'refuses a redirect to %s',
    async (location) => {
      srv.route('/evil', redirect(302, location))
      await expectFetchError(fetchSource({ url: `${srv.url}/evil` }, makeOptions()), 'bad_url')
    },
  )

  it('treats a redirect status without Location as an HTTP error', async () => {
    srv.route('/nowhere', (_req, res) => {
      res.statusCode = 302
      res.end()
    })
    const err = await expectFetchError(fetchSource({ url: `${srv.url}/nowhere` }, makeOptions()), 'http_status')
    expect(err.status).toBe(302)
  })
})

describe('fetchSource: redirect hops pass the address guard', () => {
  let srv: FixtureServer
  let other: http.Server
  let otherHits = 0
  let redirectOtherTo: string | undefined
  beforeEach(async () => {
    srv = await startFixtureServer()
    otherHits = 0
    redirectOtherTo = undefined
    other = http.createServer((_req, res) => {
      otherHits++
      if (redirectOtherTo !== undefined) {
        res.statusCode = 302
        res.setHeader('Location', redirectOtherTo)
      }
      res.end('<rss/>')
    })
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.2', resolve))
  })
  afterEach(async () => {
    other.closeAllConnections()
    await new Promise((resolve) => other.close(resolve))
    await srv.close()
  })

  function otherUrl(): string {
    const address = other.address()
    if (address === null || typeof address === 'string') throw new Error('no port')
    return `http://127.0.0.2:${address.port}/feed.xml`
  }

  it('reaches 127.0.0.2 when the policy allows it (control)', async () => {
    srv.route('/hop', redirect(302, otherUrl()))
    const result = await fetchSource(
      { url: `${srv.url}/hop` },
      makeOptions({ allowPrivateNetworks: false, isAddressAllowed: (ip) => ip === '127.0.0.1' || ip === '127.0.0.2' }),
    )
    expect(result.finalUrl).toBe(otherUrl())
    expect(otherHits).toBe(1)
  })

  it('refuses a hop to 127.0.0.2 when the policy only allows 127.0.0.1', async () => {
    srv.route('/hop', redirect(301, otherUrl()))
    const err = await expectFetchError(
      fetchSource({ url: `${srv.url}/hop` }, makeOptions({ allowPrivateNetworks: false, isAddressAllowed: (ip) => ip === '127.0.0.1' })),
      'blocked_address',
    )
    expect(err.message).toBe('fetch: refused to connect to 127.0.0.2 (loopback); set settings.allowPrivateNetworks to allow it')
    expect(srv.hits('/hop')).toBe(1)
    expect(otherHits).toBe(0)
  })

  it('refuses a hop to a host name whose resolved address is refused (checked at connect time)', async () => {
    srv.serveBody('/feed.xml', '<rss/>')
    redirectOtherTo = `http://localhost:${srv.port}/feed.xml`
    const err = await expectFetchError(
      fetchSource({ url: otherUrl() }, makeOptions({ allowPrivateNetworks: false, isAddressAllowed: (ip) => ip === '127.0.0.2' })),
      'blocked_address',
    )
    expect(err.message).toContain('refused to connect to 127.0.0.1 (loopback)')
    expect(otherHits).toBe(1)
    expect(srv.hits('/feed.xml')).toBe(0)
  })
})
