// `breachwire start --role`: poller and web as two processes on one SQLite file (the poller
// writes, the web process reads it read-only and has no scheduler; the poller opens no port),
// a bad role refused, and a web process on PostgreSQL never migrating.
import { createServer } from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli as runInProcess } from '../../src/cli.js'
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js'
import { startTestPostgres } from '../helpers/postgres.js'
import { makeWorkDir, runCli, spawnCli, waitFor, writeConfig } from '../helpers/run-cli.js'

let srv: FixtureServer
beforeAll(async () => {
  srv = await startFixtureServer()
  srv.serveFile('/a', 'feeds/rss1-rdf.xml', { etag: '"a"' })
})
afterAll(async () => srv.close())

const settings = { allowPrivateNetworks: true, timeoutSeconds: 5 }

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

describe('breachwire start --role', () => {
  it('runs a poller and a web server as two processes on one SQLite file', async () => {
    const dir = makeWorkDir()
    writeConfig(dir, { settings, sources: [{ id: 'a', url: `${srv.url}/a` }] })
    const db = path.join(dir, 'data', 'bw.db')
    const pollerPort = await freePort()
    const poller = spawnCli(['start', '--role', 'poller', '--db', db, '--port', String(pollerPort)], { cwd: dir, log: 'info' })
    let web: ReturnType<typeof spawnCli> | undefined
    try {
      await waitFor('the poller to write source a', () => poller.stderr().includes('"source_id":"a"'), 30_000)
      expect(poller.stdout()).toBe('breachwire: polling (role poller, no web server)\n')
      // No HTTP listener in the poller.
      await expect(fetch(`http://127.0.0.1:${pollerPort}/healthz`)).rejects.toThrow()

      web = spawnCli(['start', '--role', 'web', '--db', db, '--port', '0'], { cwd: dir, log: 'info' })
      await waitFor('the web server', () => /serving (http:\/\/\S+)/.test(web?.stdout() ?? ''), 30_000)
      const base = /serving (http:\/\/\S+)/.exec(web.stdout())?.[1] as string
      const items = (await (await fetch(`${base}/api/items?source=a`)).json()) as { items: unknown[] }
      expect(items.items).toHaveLength(2)
      // The web process schedules nothing: the fixture saw the poller's one fetch only.
      expect(srv.hits('/a')).toBe(1)
      expect(web.stderr()).not.toContain('Scheduler started')

      for (const run of [poller, web]) run.child.kill('SIGTERM')
      const [pollerExit, webExit] = await Promise.all([poller.exited, web.exited])
      expect(pollerExit.code).toBe(0)
      expect(webExit.code).toBe(0)
    } finally {
      poller.child.kill('SIGKILL')
      web?.child.kill('SIGKILL')
    }
  })

  it('refuses an unknown role, and a web role without a database', async () => {
    const dir = makeWorkDir()
    writeConfig(dir, { settings, sources: [{ id: 'a', url: `${srv.url}/a` }] })
    expect(await runCli(['start', '--role', 'both'], { cwd: dir })).toMatchObject({
      code: 1,
      stderr: 'breachwire start: --role: expected all, poller or web, got "both"\n',
    })
    const missing = path.join(dir, 'none.db')
    expect(await runCli(['start', '--role', 'web', '--db', missing], { cwd: dir })).toMatchObject({
      code: 1,
      stderr: `breachwire start: no database at ${missing}; run \`breachwire poll\` or \`breachwire start\` first, or pass --db\n`,
    })
  })
})

const server = await startTestPostgres('breachwire start --role web on PostgreSQL')

describe.skipIf(server === undefined)('breachwire start --role web on PostgreSQL', () => {
  afterAll(async () => server?.stop())

  it('never migrates: an empty database is refused until migrate has run', async () => {
    const dir = makeWorkDir()
    const config = writeConfig(dir, { sources: [] })
    const url = await server!.createDatabase()
    let stderr = ''
    const sink = { write: () => true } as unknown as NodeJS.WritableStream
    const errors = {
      write: (chunk: string) => {
        stderr += chunk
        return true
      },
    } as unknown as NodeJS.WritableStream
    const code = await runInProcess(['start', '--role', 'web', '--config', config, '--database-url', url], {
      stdout: sink,
      stderr: errors,
      env: { BREACHWIRE_LOG: 'silent' },
    })
    expect(code).toBe(1)
    expect(stderr).toMatch(
      /^breachwire start: store: the database schema is version 0, older than this breachwire needs \(\d+\); run breachwire migrate\n$/,
    )
  })
})
