// Issue 14, case 4: forced cache misses and a cache keyed on client headers. Through createApp on
// 127.0.0.1 with real HTTP: one client's distinct `?q=` misses on a feed and on a page run out of
// miss tokens (429 with Retry-After) while cached answers still answer; 300 Host headers neither
// grow the cache nor change a feed's self link; and the response cache stays within its bytes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolvePublicUrlOption } from '../../src/config/index.js'
import { validateConfig } from '../../src/config/validate-config.js'
import { setLogLevel } from '../../src/lib/log.js'
import { createResponseCache } from '../../src/server/http-cache.js'
import { DEFAULT_MISS_BUDGET } from '../../src/server/middleware/miss-budget.js'
import type { Store } from '../../src/types.js'
import { makeWorkDir, runCli, spawnCli, waitFor, writeConfig } from '../helpers/run-cli.js'
import { makeItem, makeStore } from '../helpers/store.js'
import { countCalls, makeConfig, makeSource, type Running, send, startApp } from '../server/harness.js'

let store: Store
const sources = [makeSource({ id: 'alpha' }), makeSource({ id: 'beta' })]

beforeAll(async () => {
  setLogLevel('silent')
  store = await makeStore(['alpha', 'beta'])
  const items = Array.from({ length: 40 }, (_, i) =>
    makeItem({
      sourceId: i % 2 ? 'alpha' : 'beta',
      title: `Breach w${i} at company ${i}`,
      publishedAt: new Date(Date.UTC(2026, 2, 1, i)).toISOString(),
    }),
  )
  for (const id of ['alpha', 'beta'])
    await store.upsertItems(
      id,
      items.filter((item) => item.sourceId === id),
      '2026-03-10T00:00:00.000Z',
    )
})
afterAll(async () => store.close())

describe('forced cache misses', () => {
  let run: Running
  beforeAll(async () => {
    // The defaults (BREACHWIRE_RATE_LIMIT unset): what a fresh install serves with.
    run = await startApp(store, makeConfig(sources), { limits: {} })
  })
  afterAll(async () => run.close())

  it('700 distinct /feed.json?q= misses from one client: the budget renders, the rest get 429 with Retry-After', async () => {
    const statuses: number[] = []
    let refusal: Awaited<ReturnType<typeof send>> | undefined
    for (let n = 0; n < 700; n++) {
      const res = await send(run.base, `/feed.json?q=w${n}`)
      statuses.push(res.status)
      if (res.status === 429) refusal ??= res
    }
    const ok = statuses.filter((s) => s === 200).length
    // A token comes back every second: a slow test run earns a few more.
    expect(ok).toBeGreaterThanOrEqual(DEFAULT_MISS_BUDGET.misses)
    expect(ok).toBeLessThan(DEFAULT_MISS_BUDGET.misses + 30)
    expect(statuses.filter((s) => s === 429).length).toBe(700 - ok)
    expect(refusal?.headers['retry-after']).toMatch(/^\d+$/)
    expect(refusal?.headers['content-type']).toMatch(/^application\/json/)
    expect(JSON.parse(refusal?.text ?? '{}')).toEqual({ error: expect.stringContaining('too many uncached requests') })

    // Hits cost nothing: an answer already rendered still comes, budget or not.
    expect((await send(run.base, '/feed.json?q=w0')).status).toBe(200)
    expect((await send(run.base, '/feed.json?q=w0')).status).toBe(200)
  })

  it('pages draw on the same budget: /categories/<random> misses are refused too', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, n) => send(run.base, `/categories/random-${n}`).then((r) => r.status)),
    )
    expect(statuses.every((s) => s === 429)).toBe(true)
  })
})

describe('/healthz in a loop', () => {
  it('pings the database every time but counts items and reads sources once per store generation', async () => {
    const counted = countCalls(store)
    const run = await startApp(counted.store, makeConfig(sources), { limits: {} })
    try {
      for (let n = 0; n < 50; n++) expect((await send(run.base, '/healthz')).status).toBe(200)
      const calls = (name: string) => counted.calls.filter((c) => c === name).length
      expect(calls('ping')).toBe(50)
      expect(calls('countItems')).toBe(1)
      expect(calls('listSources')).toBe(1)
      await store.upsertItems('alpha', [makeItem({ sourceId: 'alpha', title: 'One more' })], '2026-03-10T00:00:00.000Z')
      const after = JSON.parse((await send(run.base, '/healthz')).text) as { items: number }
      expect(after.items).toBe(41)
      expect(calls('countItems')).toBe(2)
    } finally {
      await run.close()
    }
  })
})

describe('the Host header', () => {
  it('300 Host headers: one cache entry (every answer a hit after the first), one self link, the listening address', async () => {
    const run = await startApp(store, makeConfig(sources), { limits: {} })
    try {
      const answers = []
      for (let n = 0; n < 300; n++) {
        answers.push(await send(run.base, '/feed.xml', { headers: { host: `evil${n}.example`, 'x-forwarded-host': `fwd${n}.example` } }))
      }
      // Were Host part of the key, 300 misses would overrun the 60 tokens.
      expect(answers.every((res) => res.status === 200)).toBe(true)
      expect(new Set(answers.map((res) => res.headers.etag)).size).toBe(1)
      expect(answers[0]?.text).toContain(`${run.base}/feed.xml`)
      expect(answers.some((res) => /evil|fwd/.test(res.text))).toBe(false)
    } finally {
      await run.close()
    }
  })

  it('with a public URL configured, every absolute URL starts with it', async () => {
    const config = { ...makeConfig(sources), settings: { ...makeConfig(sources).settings, publicUrl: 'https://news.example/wire' } }
    const run = await startApp(store, config, { limits: {} })
    try {
      const res = await send(run.base, '/feed.atom', { headers: { host: 'evil.example' } })
      expect(res.text).toContain('href="https://news.example/wire/feed.atom"')
      expect(res.text).not.toContain('evil.example')
      const opml = await send(run.base, '/opml', { headers: { host: 'evil.example' } })
      expect(opml.text).not.toContain('evil.example')
    } finally {
      await run.close()
    }
  })
})

describe('the public URL setting', () => {
  it('start --public-url puts it in the feeds; a bad BREACHWIRE_PUBLIC_URL stops start with a message', async () => {
    const dir = makeWorkDir()
    writeConfig(dir, { sources: [] })
    const run = spawnCli(['start', '--port', '0', '--public-url', 'https://news.example/'], { cwd: dir })
    try {
      await waitFor('the server', () => /serving (http:\/\/\S+)/.test(run.stdout()), 30_000)
      const base = /serving (http:\/\/\S+)/.exec(run.stdout())?.[1] as string
      const feed = await send(base, '/feed.xml', { headers: { host: 'evil.example' } })
      expect(feed.text).toContain('https://news.example/feed.xml')
    } finally {
      run.child.kill('SIGTERM')
      await run.exited
    }
    const bad = await runCli(['start', '--port', '0'], { cwd: dir, env: { BREACHWIRE_PUBLIC_URL: 'https://user:pw@news.example' } })
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('breachwire start: BREACHWIRE_PUBLIC_URL: expected a base URL without credentials, query or fragment')
  }, 60_000)

  it('--public-url wins over BREACHWIRE_PUBLIC_URL; bad values are errors naming where they came from', () => {
    expect(resolvePublicUrlOption('https://a.example/', 'https://b.example')).toEqual({ url: 'https://a.example' })
    expect(resolvePublicUrlOption(undefined, 'https://b.example/news/')).toEqual({ url: 'https://b.example/news' })
    expect(resolvePublicUrlOption(undefined, undefined)).toEqual({})
    expect(resolvePublicUrlOption('ftp://x', undefined)).toEqual({ error: '--public-url: expected an http or https URL, got "ftp"' })
    expect(resolvePublicUrlOption(undefined, 'https://x.example/?a=1')).toEqual({
      error: 'BREACHWIRE_PUBLIC_URL: expected a base URL without credentials, query or fragment',
    })
  })

  it('settings.publicUrl is validated with the path of the field', () => {
    expect(validateConfig({ settings: { publicUrl: 'https://news.example/' }, sources: [] }, 'feeds.json').settings.publicUrl).toBe(
      'https://news.example',
    )
    expect(() => validateConfig({ settings: { publicUrl: 'not a url' }, sources: [] }, 'feeds.json')).toThrow(
      /settings\.publicUrl: not a URL/,
    )
  })
})

describe('the response cache is bounded in bytes', () => {
  it('keeps the newest entries within maxBytes, and never keeps one bigger than the budget', async () => {
    const cache = createResponseCache({ maxBytes: 1_000_000 })
    const body = 'x'.repeat(100_000)
    for (let n = 0; n < 50; n++) {
      await cache.getOrRender(`k${n}`, `v${n}`, async () => ({ body, contentType: 'text/plain', lastModified: null }))
      expect(cache.bytes).toBeLessThanOrEqual(1_000_000)
    }
    // Each entry is charged about twice its body (room for its compressed variants): four fit.
    expect(cache.size).toBe(4)
    expect(cache.has('k49')).toBe(true)
    expect(cache.has('k0')).toBe(false)
    await cache.getOrRender('huge', 'huge', async () => ({ body: 'y'.repeat(600_000), contentType: 'text/plain', lastModified: null }))
    expect(cache.has('huge')).toBe(false)
    expect(cache.size).toBe(4)
  })
})
