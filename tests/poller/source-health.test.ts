// What a pass left out, end to end: the real poller against the loopback fixture server, the
// real store, then the pages through createApp (and `breachwire poll` / `sources` in-process).
// Drops (clean/'s reasons, a tabular source's bad rows) and a tabular warning reach the poll line,
// the outcome, the source's stored state, /status and the source page; a later clean pass clears them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli.js'
import { validateConfig } from '../../src/config/index.js'
import { setLogLevel } from '../../src/lib/log.js'
import { formatOutcomeLine, pollOnce } from '../../src/poller/index.js'
import { openStore } from '../../src/store/index.js'
import type { ApiSource, AppConfig, SourceOutcome, Store } from '../../src/types.js'
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js'
import { send, startApp } from '../server/harness.js'

let srv: FixtureServer
let store: Store

beforeAll(() => setLogLevel('silent'))
beforeEach(async () => {
  srv = await startFixtureServer()
  store = openStore(':memory:')
})
afterEach(async () => {
  await store.close()
  await srv.close()
})

function makeConfig(sources: Record<string, unknown>[]): AppConfig {
  return validateConfig({ settings: { allowPrivateNetworks: true, timeoutSeconds: 5 }, sources }, 'feeds.json')
}

/** The HTML inside <main> of a page. */
async function pageMain(config: AppConfig, path: string): Promise<string> {
  const run = await startApp(store, config)
  try {
    const res = await send(run.base, path)
    expect(res.status).toBe(200)
    return /<main[\s\S]*<\/main>/.exec(res.text)?.[0] ?? ''
  } finally {
    await run.close()
  }
}

/** The text a reader sees inside <main> (tags dropped, whitespace collapsed, quotes decoded). */
async function pageText(config: AppConfig, path: string): Promise<string> {
  return (await pageMain(config, path))
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
}

async function pollOne(config: AppConfig): Promise<SourceOutcome> {
  const [outcome] = (await pollOnce({ store, config })).outcomes
  if (outcome === undefined) throw new Error('no outcome')
  return outcome
}

const item = (guid: string, link: string) =>
  `<item><title>Story ${guid}</title><link>${link}</link><guid>${guid}</guid><pubDate>Mon, 07 Oct 2024 10:00:00 +0000</pubDate></item>`
const rss = (items: string[]) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>News</title><link>https://news.example/</link>${items.join('')}</channel></rss>`

describe('drops by reason', () => {
  it('reach the poll line, the stored state, /status and the source page; a clean pass clears them', async () => {
    srv.serveBody(
      '/feed',
      rss([
        item('a', 'https://news.example/a'),
        item('a', 'https://news.example/a'),
        item('a', 'https://news.example/a'),
        item('b', 'javascript:alert(1)'),
        item('c', 'https://news.example/c'),
      ]),
      { contentType: 'application/rss+xml' },
    )
    const config = makeConfig([{ id: 'news', url: `${srv.url}/feed` }])

    const outcome = await pollOne(config)
    expect(outcome.counts).toMatchObject({ inserted: 2, dropped: 3, droppedBy: { duplicate: 2, unusable_link: 1 } })
    expect(formatOutcomeLine(outcome, 0)).toBe('news  new 2, updated 0, dropped 3 (2 duplicate, 1 unusable link)')
    expect(await store.getSource('news')).toMatchObject({ lastDropped: { duplicate: 2, unusable_link: 1 } })
    expect(await pageText(config, '/status')).toContain('3 items dropped last poll: 2 duplicate, 1 unusable link')
    expect(await pageText(config, '/sources/news')).toContain('Dropped 3 items dropped last poll: 2 duplicate, 1 unusable link')

    srv.serveBody('/feed', rss([item('a', 'https://news.example/a'), item('c', 'https://news.example/c')]), {
      contentType: 'application/rss+xml',
    })
    const clean = await pollOne(config)
    expect(formatOutcomeLine(clean, 0)).toBe('news  unchanged')
    expect(await store.getSource('news')).toMatchObject({ lastDropped: null })
    expect(await pageText(config, '/status')).not.toContain('dropped')
  })
})

const csvSource = (url: string) => ({
  id: 'hhs',
  type: 'csv',
  url,
  map: { title: '{Entity} reports a breach', date: 'Date', records: 'Affected' },
  identity: ['Entity', 'Date'],
  dateFormat: 'MM/DD/YYYY',
})
const goodRows = ['Acme Health,02/03/2025,1200', 'Beta Clinic,02/04/2025,300']
const csv = (rows: string[]) => ['Entity,Date,Affected', ...rows].join('\r\n')
const badRow = 'Gamma Labs,2025-02-14,50'

describe('a tabular source with bad rows', () => {
  it('polls as a success with a warning and a "bad row" drop, shown amber on /status and the source page, cleared by a clean poll', async () => {
    srv.serveBody('/export.csv', csv([goodRows[0]!, badRow, goodRows[1]!]), { contentType: 'text/csv' })
    const config = makeConfig([csvSource(`${srv.url}/export.csv`)])

    const outcome = await pollOne(config)
    expect(outcome).toMatchObject({ result: 'new', counts: { inserted: 2, dropped: 1, droppedBy: { bad_row: 1 } } })
    expect(outcome.warning).toMatch(/^1 row skipped: row 2 \(line 3\): Date: not a date in MM\/DD\/YYYY: "2025-02-14"/)
    expect(formatOutcomeLine(outcome, 0)).toBe('hhs  new 2, updated 0, dropped 1 (1 bad row)')
    expect(await store.getSource('hhs')).toMatchObject({
      lastWarning: outcome.warning,
      lastError: null,
      consecutiveFailures: 0,
      lastDropped: { bad_row: 1 },
    })

    const status = await pageText(config, '/status')
    expect(status).toContain('1 source, none failing, 1 with a warning')
    expect(status).toContain(`Warning: ${outcome.warning}`)
    expect(status).toContain('1 item dropped last poll: 1 bad row')
    expect(status).toMatch(/\bOK\b/)
    // Amber (the notice style), on a card that is not marked failing.
    const html = await pageMain(config, '/status')
    expect(html).toContain('class="status-card status-card--ok"')
    expect(html).toMatch(/<p class="status-card__notice"><strong>Warning:<\/strong> 1 row skipped/)
    expect(await pageText(config, '/sources/hhs')).toContain(`Warning ${outcome.warning}`)
    const run = await startApp(store, config)
    try {
      const [api] = JSON.parse((await send(run.base, '/api/sources')).text) as ApiSource[]
      expect(api).toMatchObject({ id: 'hhs', lastWarning: outcome.warning, lastDropped: { bad_row: 1 }, lastError: null })
    } finally {
      await run.close()
    }

    srv.serveBody('/export.csv', csv(goodRows), { contentType: 'text/csv' })
    const clean = await pollOne(config)
    expect(clean.warning).toBeUndefined()
    expect(await store.getSource('hhs')).toMatchObject({ lastWarning: null, lastDropped: null })
    const after = await pageText(config, '/status')
    expect(after).not.toContain('Warning')
    expect(after).toContain('1 source, none failing.')
  })
})

describe('breachwire poll and sources', () => {
  let dir = ''
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'breachwire-health-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  async function run(argv: string[]): Promise<{ code: number; stdout: string }> {
    let stdout = ''
    const out = {
      write: (chunk: string) => {
        stdout += chunk
        return true
      },
    } as unknown as NodeJS.WritableStream
    const err = { write: () => true } as unknown as NodeJS.WritableStream
    const code = await runCli([...argv, '--config', join(dir, 'feeds.json'), '--db', join(dir, 'bw.db')], {
      stdout: out,
      stderr: err,
      env: { BREACHWIRE_LOG: 'silent' },
    })
    return { code, stdout }
  }

  it('print the drops on the poll line and the warning in the sources table until a clean poll', async () => {
    srv.serveBody('/export.csv', csv([goodRows[0]!, badRow, goodRows[1]!]), { contentType: 'text/csv' })
    writeFileSync(
      join(dir, 'feeds.json'),
      JSON.stringify({ settings: { allowPrivateNetworks: true }, sources: [csvSource(`${srv.url}/export.csv`)] }),
    )
    expect(await run(['poll'])).toEqual({ code: 0, stdout: 'hhs  new 2, updated 0, dropped 1 (1 bad row)\n' })
    const table = (await run(['sources'])).stdout.split('\n')
    expect(table[1]).toMatch(/^hhs\s+ok, warning\s+\S+ \S+\s+2\s+warning: 1 row skipped: row 2 \(line 3\): Date: not a date/)

    srv.serveBody('/export.csv', csv(goodRows), { contentType: 'text/csv' })
    expect(await run(['poll'])).toEqual({ code: 0, stdout: 'hhs  unchanged\n' })
    expect((await run(['sources'])).stdout.split('\n')[1]).toMatch(/^hhs\s+ok\s+\S+ \S+\s+2\s+-$/)
  })
})
