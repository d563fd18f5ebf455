// `breachwire poll` and `breachwire sources` through the real CLI in a child process.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js'
import { makeWorkDir, runCli, writeConfig } from '../helpers/run-cli.js'

let srv: FixtureServer

beforeAll(async () => {
  srv = await startFixtureServer()
  srv.serveFile('/rdf', 'feeds/rss1-rdf.xml', { etag: '"r1"' })
  srv.serveFile('/wp', 'feeds/wordpress-rss2.xml', { etag: '"w1"' })
  srv.serveBody('/missing', 'no', { status: 404 })
  srv.serveBody('/error', 'no', { status: 500 })
  srv.serveBody('/busy', 'slow down', { status: 429, headers: { 'Retry-After': '7200' } })
})
afterAll(async () => {
  await srv.close()
})

const settings = { allowPrivateNetworks: true, timeoutSeconds: 5 }

describe('breachwire poll', () => {
  it('prints one line per source, exits 0 when some fail, then sees 304s', async () => {
    const dir = makeWorkDir()
    writeConfig(dir, {
      settings,
      sources: [
        { id: 'rdf', url: `${srv.url}/rdf` },
        { id: 'wordpress', url: `${srv.url}/wp` },
        { id: 'missing', url: `${srv.url}/missing` },
      ],
    })
    const first = await runCli(['poll'], { cwd: dir, log: 'info' })
    expect(first.code).toBe(0)
    expect(first.stdout.split('\n').filter(Boolean).sort()).toEqual([
      `missing    failed: fetch: HTTP 404 Not Found from ${srv.url}/missing`,
      'rdf        new 2, updated 0',
      'wordpress  new 3, updated 0',
    ])
    expect(existsSync(path.join(dir, 'data', 'breachwire.db'))).toBe(true)
    // Not a terminal: no progress bar, and the info log stays quiet unless asked for.
    expect(first.stderr).not.toContain('[#')

    const second = await runCli(['poll', '--source', 'rdf', '--source', 'wordpress'], { cwd: dir, log: 'info' })
    expect(second.code).toBe(0)
    expect(second.stdout.split('\n').filter(Boolean)).toEqual(['rdf        unchanged (304)', 'wordpress  unchanged (304)'])

    const table = await runCli(['sources'], { cwd: dir, log: 'info' })
    expect(table.code).toBe(0)
    const lines = table.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^ID\s+STATUS\s+LAST SUCCESS\s+ITEMS\s+LAST ERROR$/)
    expect(lines[1]).toMatch(/^rdf\s+ok\s+\d{4}-\d\d-\d\d \d\d:\d\dZ\s+2\s+-$/)
    expect(lines[3]).toMatch(/^missing\s+failing \(1x\)\s+-\s+0\s+fetch: HTTP 404 Not Found/)

    const json = await runCli(['sources', '--json'], { cwd: dir, log: 'info' })
    const api = JSON.parse(json.stdout) as Record<string, unknown>[]
    expect(api.map((s) => s['id'])).toEqual(['rdf', 'wordpress', 'missing'])
    expect(Object.keys(api[0] ?? {}).sort()).toEqual(
      [
        'consecutiveFailures',
        'enabled',
        'homepage',
        'id',
        'itemCount',
        'lastDropped',
        'lastError',
        'lastStatus',
        'lastSuccessAt',
        'lastTriedAt',
        'lastWarning',
        'nextRunAt',
        'title',
        'url',
      ].sort(),
    )
    expect(api[0]).toMatchObject({ id: 'rdf', itemCount: 2, lastStatus: 304, consecutiveFailures: 0, enabled: true })
    expect(api[2]).toMatchObject({ id: 'missing', itemCount: 0, lastStatus: 404, consecutiveFailures: 1 })
  })

  it('a 429 with Retry-After: poll says backing off, sources says until when, and no failure is counted', async () => {
    const dir = makeWorkDir()
    writeConfig(dir, {
      settings,
      sources: [
        { id: 'rdf', url: `${srv.url}/rdf` },
        { id: 'busy', url: `${srv.url}/busy` },
      ],
    })
    const poll = await runCli(['poll'], { cwd: dir, log: 'info' })
    expect(poll.code).toBe(0)
    expect(poll.stdout).toContain(`busy  backing off: fetch: HTTP 429`)
    const table = await runCli(['sources'], { cwd: dir, log: 'info' })
    const busy = table.stdout.split('\n').find((line) => line.startsWith('busy'))
    expect(busy).toMatch(/^busy\s+backing off until \d{4}-\d\d-\d\d \d\d:\d\dZ\s+-\s+0\s+fetch: HTTP 429/)
    const until = /until (\S+ \S+)Z/.exec(busy ?? '')?.[1] as string
    expect(Date.parse(`${until.replace(' ', 'T')}:00Z`)).toBeGreaterThan(Date.now() + 7100_000)
    const api = (JSON.parse((await runCli(['sources', '--json'], { cwd: dir, log: 'info' })).stdout) as Record<string, unknown>[]).find(
      (s) => s['id'] === 'busy',
    )
    expect(api).toMatchObject({ lastStatus: 429, consecutiveFailures: 0 })
  })

  it('exits 2 when every source failed', async () => {
    const dir = makeWorkDir()
    writeConfig(dir, {
      settings,
      sources: [
        { id: 'missing', url: `${srv.url}/missing` },
        { id: 'error', url: `${srv.url}/error` },
      ],
    })
    const result = await runCli(['poll'], { cwd: dir, log: 'info' })
    expect(result.code).toBe(2)
    expect(result.stdout).toContain('error    failed: fetch: HTTP 500')
  })

  it('refuses an invalid feeds.json with exit 1: every problem on stderr, nothing fetched, no database', async () => {
    const dir = makeWorkDir()
    writeConfig(dir, {
      settings: { ...settings, concurrency: 0 },
      sources: [
        { id: 'rdf', url: `${srv.url}/rdf` },
        { id: 'bad', url: 'not a url' },
        { id: 'rdf', url: `${srv.url}/wp` },
      ],
    })
    srv.resetHits()
    const result = await runCli(['poll'], { cwd: dir, log: 'info' })
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(
      [
        'feeds.json: settings.concurrency: expected an integer from 1 to 64, got 0',
        'feeds.json: sources[1].url: not a URL',
        'feeds.json: sources[2].id: duplicate id "rdf" (also sources[0])',
        '',
      ].join('\n'),
    )
    expect(result.stdout).toBe('')
    expect(existsSync(path.join(dir, 'data'))).toBe(false)
    expect(srv.hits('/rdf')).toBe(0)
  })

  it('a JSON syntax error names the line and column', async () => {
    const dir = makeWorkDir()
    writeConfig(dir, '{\n  "sources": [\n    { "id": "a" "url": "x" }\n  ]\n}\n')
    const result = await runCli(['poll'], { cwd: dir, log: 'info' })
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('feeds.json: line 3, column 17: not valid JSON: expected "," or "}", found "\\"url\\""\n')
  })

  it('rejects an unknown --source id with exit 1 and creates nothing', async () => {
    const dir = makeWorkDir()
    writeConfig(dir, { settings, sources: [{ id: 'rdf', url: `${srv.url}/rdf` }] })
    const result = await runCli(['poll', '--source', 'nope'], { cwd: dir, log: 'info' })
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('breachwire poll: no source with id "nope" in ./feeds.json (known: rdf)\n')
    expect(existsSync(path.join(dir, 'data'))).toBe(false)
  })

  it('flags override env, env overrides defaults', async () => {
    const dir = makeWorkDir()
    writeConfig(dir, { settings, sources: [{ id: 'from-env', url: `${srv.url}/rdf` }] }, 'env.json')
    writeConfig(dir, { settings, sources: [{ id: 'from-flag', url: `${srv.url}/rdf` }] }, 'flag.json')
    const env = { BREACHWIRE_CONFIG: 'env.json', BREACHWIRE_DB: 'env.db' }
    const viaEnv = await runCli(['poll'], { cwd: dir, env, log: 'info' })
    expect(viaEnv.stdout).toMatch(/^from-env\s+new 2/)
    expect(existsSync(path.join(dir, 'env.db'))).toBe(true)
    const viaFlag = await runCli(['poll', '--config', 'flag.json', '--db', 'flag.db'], { cwd: dir, env, log: 'info' })
    expect(viaFlag.stdout).toMatch(/^from-flag\s+new 2/)
    expect(existsSync(path.join(dir, 'flag.db'))).toBe(true)
  })
})
