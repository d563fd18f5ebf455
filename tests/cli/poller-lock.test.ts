// One poller per SQLite file (issue 14): a running `start` holds <db>.lock; a second `start`
// (all or poller) or a `poll` on the same file is refused naming it, `start --role web` is not,
// the lock goes when the holder stops, and a lock left by a dead process is taken over.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js'
import { makeWorkDir, runCli, spawnCli, waitFor, writeConfig } from '../helpers/run-cli.js'

let srv: FixtureServer
beforeAll(async () => {
  srv = await startFixtureServer()
  srv.serveFile('/a', 'feeds/rss1-rdf.xml', { etag: '"a"' })
})
afterAll(async () => srv.close())

function setUp(): { dir: string; db: string } {
  const dir = makeWorkDir()
  writeConfig(dir, { settings: { allowPrivateNetworks: true, timeoutSeconds: 5 }, sources: [{ id: 'a', url: `${srv.url}/a` }] })
  return { dir, db: path.join(dir, 'data', 'bw.db') }
}

describe('one poller per SQLite file', () => {
  it('a second start or a poll is refused naming the holder; a web process is allowed; the lock goes with the holder', async () => {
    const { dir, db } = setUp()
    const first = spawnCli(['start', '--db', db, '--port', '0'], { cwd: dir, log: 'info' })
    let web: ReturnType<typeof spawnCli> | undefined
    try {
      await waitFor('the first start to poll', () => first.stderr().includes('"source_id":"a"'), 30_000)
      const lockFile = `${db}.lock`
      expect(readFileSync(lockFile, 'utf8').split('\n').slice(0, 2)).toEqual([String(first.child.pid), 'start'])

      const second = await runCli(['start', '--role', 'poller', '--db', db], { cwd: dir })
      expect(second.code).toBe(1)
      expect(second.stderr).toContain(`${db} is already being polled by process ${first.child.pid} (breachwire start, since `)
      expect(second.stderr).toContain('one poller per SQLite file')
      const poll = await runCli(['poll', '--db', db], { cwd: dir })
      expect(poll.code).toBe(1)
      expect(poll.stderr).toContain(`already being polled by process ${first.child.pid}`)
      expect(poll.stdout).toBe('')
      expect(srv.hits('/a')).toBe(1)

      web = spawnCli(['start', '--role', 'web', '--db', db, '--port', '0'], { cwd: dir })
      await waitFor('the web process', () => /serving http:\/\/\S+/.test(web?.stdout() ?? ''), 30_000)
      const base = /serving (http:\/\/\S+)/.exec(web.stdout())?.[1] as string
      expect((await fetch(`${base}/api/items?source=a`)).status).toBe(200)

      first.child.kill('SIGTERM')
      expect((await first.exited).code).toBe(0)
      expect(existsSync(lockFile)).toBe(false)
      const after = await runCli(['poll', '--db', db], { cwd: dir })
      expect(after.code).toBe(0)
      expect(existsSync(lockFile)).toBe(false)
    } finally {
      first.child.kill('SIGKILL')
      web?.child.kill('SIGKILL')
      await web?.exited
    }
  })

  it('a lock left by a process that is gone is stale: poll takes it over and gives it back', async () => {
    const { dir, db } = setUp()
    await runCli(['poll', '--db', db], { cwd: dir })
    // The pid of a process that has exited.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid
    writeFileSync(`${db}.lock`, `${dead}\nstart\n2026-01-01T00:00:00.000Z\n`)
    const run = await runCli(['poll', '--db', db], { cwd: dir })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(existsSync(`${db}.lock`)).toBe(false)
  })
})
