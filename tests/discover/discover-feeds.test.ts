// discoverFeeds against loopback fixture sites: direct feeds (and where redirects leave them),
// announced links, usual paths, candidates that fail, and a page leading nowhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DiscoverError, type DiscoverOptions, discoverFeeds } from '../../src/discover/index.js'
import { FetchError } from '../../src/errors.js'
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js'

const rss = 'application/rss+xml'
const html = 'text/html; charset=utf-8'
const opts: DiscoverOptions = {
  fetch: { timeoutMs: 5000, maxBytes: 1_000_000, userAgent: 'breachwire-test', allowPrivateNetworks: true },
  now: new Date('2024-08-10T00:00:00Z'),
}

let srv: FixtureServer

beforeAll(async () => {
  srv = await startFixtureServer()
  srv.serveFile('/blog/feed.xml', 'sites/feeds/acme-blog.rss.xml', { contentType: rss })
  srv.serveFile('/ledger/feed/', 'sites/feeds/breach-ledger.atom.xml', { contentType: 'application/atom+xml' })
  srv.route('/moved-permanently', (_req, res) => {
    res.writeHead(301, { Location: '/blog/feed.xml' }).end()
  })
  srv.route('/moved-for-now', (_req, res) => {
    res.writeHead(302, { Location: '/blog/feed.xml' }).end()
  })
  srv.serveBody(
    '/broken-link/',
    '<html><head><link rel="alternate" type="application/rss+xml" href="/gone.xml"><link rel="alternate" type="application/atom+xml" href="/not-a-feed.html"></head></html>',
    { contentType: html },
  )
  srv.serveBody('/not-a-feed.html', '<html><body>hello</body></html>', { contentType: html })
  srv.serveBody(
    '/both/',
    '<html><head><link rel="alternate" type="application/rss+xml" title="Blog" href="/blog/feed.xml"></head></html>',
    { contentType: html },
  )
  srv.serveBody('/json-thing', '{"hello": "world"}', { contentType: 'application/json' })
})

afterAll(async () => {
  await srv?.close()
})

describe('discoverFeeds', () => {
  it('takes a feed URL as it is, previewing the latest items newest first', async () => {
    const [feed, ...rest] = await discoverFeeds(`${srv.url}/blog/feed.xml`, { ...opts, previewSize: 3 })
    expect(rest).toEqual([])
    expect(feed).toMatchObject({
      url: `${srv.url}/blog/feed.xml`,
      via: 'direct',
      format: 'rss',
      title: 'Acme Security Blog',
      homepage: 'https://acme.example/blog/',
      itemCount: 6,
    })
    expect(feed?.latestItems).toEqual([
      {
        title: 'Notice of Data Security Incident',
        url: 'https://acme.example/blog/2024/08/notice-of-data-security-incident',
        published: '2024-08-05T12:03:00.000Z',
      },
      {
        title: 'Update on Third-Party Vendor Incident',
        url: 'https://acme.example/blog/2024/08/vendor-incident-update',
        published: '2024-08-02T09:00:00.000Z',
      },
      {
        title: 'Phishing Campaign Impersonating Acme Support',
        url: 'https://acme.example/blog/2024/07/phishing-campaign',
        published: '2024-07-23T15:30:00.000Z',
      },
    ])
  })

  it('keeps the new URL after a permanent redirect, the asked one after a temporary redirect', async () => {
    expect((await discoverFeeds(`${srv.url}/moved-permanently`, opts))[0]?.url).toBe(`${srv.url}/blog/feed.xml`)
    expect((await discoverFeeds(`${srv.url}/moved-for-now`, opts))[0]?.url).toBe(`${srv.url}/moved-for-now`)
  })

  it('skips announced links that fail, then finds a feed at a usual path below the page', async () => {
    srv.resetHits()
    const feeds = await discoverFeeds(`${srv.url}/ledger/`, opts).catch((err: unknown) => err)
    // /ledger/ itself is a 404: the page must answer for discovery to start.
    expect(feeds).toBeInstanceOf(FetchError)
    expect((feeds as FetchError).code).toBe('http_status')

    srv.serveBody('/ledger/', '<html><head><link rel="alternate" type="application/rss+xml" href="/gone.xml"></head></html>', {
      contentType: html,
    })
    const found = await discoverFeeds(`${srv.url}/ledger/`, opts)
    expect(found.map((f) => [f.url, f.via, f.format])).toEqual([[`${srv.url}/ledger/feed/`, 'guess', 'atom']])
    expect(srv.hits('/gone.xml')).toBe(1)
  })

  it('with probeCommonPaths "always", lists announced and guessed feeds, each once', async () => {
    srv.serveFile('/feed.xml', 'sites/feeds/acme-blog.rss.xml', { contentType: rss })
    srv.serveFile('/feed', 'sites/feeds/breach-ledger.atom.xml', { contentType: 'application/atom+xml' })
    try {
      const found = await discoverFeeds(`${srv.url}/both/`, { ...opts, probeCommonPaths: 'always' })
      expect(found.map((f) => [f.url, f.via])).toEqual([
        [`${srv.url}/blog/feed.xml`, 'link'],
        [`${srv.url}/feed`, 'guess'],
        [`${srv.url}/feed.xml`, 'guess'],
      ])
      const only = await discoverFeeds(`${srv.url}/both/`, { ...opts, probeCommonPaths: 'never' })
      expect(only.map((f) => f.url)).toEqual([`${srv.url}/blog/feed.xml`])
    } finally {
      srv.serveBody('/feed.xml', 'gone', { status: 404 })
      srv.serveBody('/feed', 'gone', { status: 404 })
    }
  })

  it('throws DiscoverError naming what it tried when nothing works', async () => {
    const err = await discoverFeeds(`${srv.url}/broken-link/`, { ...opts, probeCommonPaths: 'never' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DiscoverError)
    expect((err as DiscoverError).code).toBe('no_feed')
    expect((err as DiscoverError).tried).toEqual([
      { url: `${srv.url}/gone.xml`, reason: 'HTTP 404' },
      { url: `${srv.url}/not-a-feed.html`, reason: 'parse: the document is an HTML page, not a feed' },
    ])
    expect((err as Error).message).toMatch(
      /^discover: no feed found for http:\/\/127\.0\.0\.1:\d+\/broken-link\/: it is an HTML page that announces 2 feed link\(s\) that did not work/,
    )

    const json = await discoverFeeds(`${srv.url}/json-thing`, { ...opts, probeCommonPaths: 'never' }).catch((e: unknown) => e)
    expect((json as Error).message).toContain('is not a feed (parse: the document is JSON but not a JSON Feed)')
  })

  it('keeps the private-network guard: loopback is refused unless allowed', async () => {
    const err = await discoverFeeds(`${srv.url}/blog/feed.xml`, { ...opts, fetch: { ...opts.fetch, allowPrivateNetworks: false } }).catch(
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(FetchError)
    expect((err as FetchError).code).toBe('blocked_address')
  })
})
