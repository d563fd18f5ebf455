// `breachwire start` as a real process: live reload of feeds.json, refusing a broken edit
// without stopping, and SIGTERM → exit 0 within 10 s.
import { existsSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js'
import { makeWorkDir, runCli, spawnCli, waitFor, writeConfig } from '../helpers/run-cli.js'

let srv: FixtureServer

beforeAll(async () => {
  srv = await startFixtureServer()
  srv.serveFile('/a', 'feeds/rss1-rdf.xml', { etag: '"a"' })
  srv.serveFile('/b', 'feeds/wordpress-rss2.xml', { etag: '"b"' })
})
afterAll(async () => {
  await srv.close()
})

const settings = { allowPrivateNetworks: true, timeoutSeconds: 5 }

describe('breachwire start', () => {
  it('serves, polls, picks up an edit live, refuses a broken one, and exits 0 on SIGTERM', async () => {
    const dir = makeWorkDir()
    const configFile = writeConfig(dir, { settings, sources: [{ id: 'a', url: `${srv.url}/a` }] })
    const run = spawnCli(['start', '--port', '0'], { cwd: dir, log: 'info' })
    try {
      await waitFor('the server', () => /serving (http:\/\/\S+)/.test(run.stdout()), 30_000)
      const base = /serving (http:\/\/\S+)/.exec(run.stdout())?.[1] as string
      await waitFor('the first poll', () => srv.hits('/a') >= 1)
      const health = await fetch(`${base}/healthz`)
      expect(health.status).toBe(200)
      await waitFor('items of a in the API', () => run.stderr().includes('"source_id":"a"'))
      const items = (await (await fetch(`${base}/api/items?source=a`)).json()) as { items: unknown[] }
      expect(items.items).toHaveLength(2)

      // A valid edit: source b appears and is polled without a restart.
      writeConfig(dir, {
        settings,
        sources: [
          { id: 'a', url: `${srv.url}/a` },
          { id: 'b', url: `${srv.url}/b` },
        ],
      })
      await waitFor('source b to be polled', () => srv.hits('/b') >= 1, 15_000)
      await waitFor('b in /api/sources', () => run.stderr().includes('"source_id":"b"'))
      const sources = (await (await fetch(`${base}/api/sources`)).json()) as { id: string }[]
      expect(sources.map((s) => s.id)).toEqual(['a', 'b'])

      // A broken edit: refused, logged, the service keeps running on the last good config.
      writeFileSync(configFile, '{ "sources": [ { "id": "a", "url": "not a url" } ] }')
      await waitFor('the refusal', () => run.stderr().includes('feeds.json edit refused'), 15_000)
      expect(run.stderr()).toContain('sources[0].url: not a URL')
      expect(run.child.exitCode).toBeNull()
      expect((await fetch(`${base}/healthz`)).status).toBe(200)
      const still = (await (await fetch(`${base}/api/sources`)).json()) as { id: string }[]
      expect(still.map((s) => s.id)).toEqual(['a', 'b'])
    } finally {
      const sentAt = Date.now()
      run.child.kill('SIGTERM')
      const result = await run.exited
      expect(result.code).toBe(0)
      expect(Date.now() - sentAt).toBeLessThan(10_000)
    }
  })

  it('SIGTERM during a hanging fetch still exits 0 within 10 s', async () => {
    srv.route('/hang', () => undefined) // never answers
    const dir = makeWorkDir()
    writeConfig(dir, { settings: { ...settings, timeoutSeconds: 60 }, sources: [{ id: 'hang', url: `${srv.url}/hang` }] })
    const run = spawnCli(['start', '--port', '0', '--db', path.join(dir, 'x.db')], { cwd: dir, log: 'info' })
    await waitFor('the hanging request', () => srv.hits('/hang') >= 1, 30_000)
    const sentAt = Date.now()
    run.child.kill('SIGTERM')
    const result = await run.exited
    expect(result.code).toBe(0)
    expect(Date.now() - sentAt).toBeLessThan(10_000)
    expect(result.stderr).toContain('"msg":"Stopped"')
  })
})

describe('breachwire serve', () => {
  it('refuses a missing database in one line, creating nothing', async () => {
    const dir = makeWorkDir()
    writeConfig(dir, { settings, sources: [{ id: 'a', url: `${srv.url}/a` }] })
    const result = await runCli(['serve', '--port', '0', '--db', 'nowhere/bw.db'], { cwd: dir, log: 'info' })
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(
      'breachwire serve: no database at nowhere/bw.db; run `breachwire poll` or `breachwire start` first, or pass --db\n',
    )
    expect(existsSync(path.join(dir, 'nowhere'))).toBe(false)
  })

  it('serves a polled database read-only, and sees what a later poll writes', async () => {
    const dir = makeWorkDir()
    writeConfig(dir, {
      settings,
      sources: [
        { id: 'a', url: `${srv.url}/a` },
        { id: 'b', url: `${srv.url}/b` },
      ],
    })
    expect((await runCli(['poll', '--source', 'a'], { cwd: dir, log: 'info' })).code).toBe(0)
    const run = spawnCli(['serve', '--port', '0'], { cwd: dir, log: 'info' })
    try {
      await waitFor('the server', () => /serving (http:\/\/\S+)/.test(run.stdout()), 30_000)
      const base = /serving (http:\/\/\S+)/.exec(run.stdout())?.[1] as string
      const sources = (await (await fetch(`${base}/api/sources`)).json()) as { id: string; itemCount: number }[]
      expect(sources.map((s) => [s.id, s.itemCount])).toEqual([
        ['a', 2],
        ['b', 0],
      ])
      const hitsBefore = srv.hits('/b')

      const poll = await runCli(['poll', '--source', 'b'], { cwd: dir, log: 'info' })
      expect(poll.code).toBe(0)
      const items = (await (await fetch(`${base}/api/items?source=b`)).json()) as { items: unknown[] }
      expect(items.items.length).toBeGreaterThan(0)
      expect(srv.hits('/b')).toBe(hitsBefore + 1) // serve itself never fetches
    } finally {
      run.child.kill('SIGTERM')
      expect((await run.exited).code).toBe(0)
    }
  })
})
