// kill -9 in the middle of a write-heavy poll, then a restart: the database is intact, what
// was committed is still there, and nothing is duplicated.
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../../src/store/index.js'
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js'
import { makeWorkDir, runCli, spawnCli, waitFor, writeConfig } from '../helpers/run-cli.js'

const sourceCount = 16
const itemsPerSource = 150

let srv: FixtureServer

function bigFeed(n: number): string {
  const items: string[] = []
  for (let i = 0; i < itemsPerSource; i += 1) {
    items.push(`<item><title>Source ${n} notice ${i}: ${['clinic', 'school', 'retailer', 'insurer', 'county'][i % 5]} number ${n * 1000 + i} reports an incident</title>
<link>https://s${n}.example/notices/${i}</link><guid>s${n}-${i}</guid>
<pubDate>${new Date(Date.UTC(2024, 9, 1) + (n * itemsPerSource + i) * 60_000).toUTCString()}</pubDate>
<description><![CDATA[<p>Notice ${i} of source ${n}. ${'Details of the incident follow. '.repeat(20)}<a href="https://ref${i}.example/doc">source</a></p>]]></description></item>`)
  }
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Source ${n}</title><link>https://s${n}.example/</link>${items.join('\n')}</channel></rss>`
}

beforeAll(async () => {
  srv = await startFixtureServer()
  for (let n = 0; n < sourceCount; n += 1) srv.serveBody(`/s${n}`, bigFeed(n), { etag: `"s${n}"`, contentType: 'application/rss+xml' })
})
afterAll(async () => {
  await srv.close()
})

describe('crash safety', () => {
  it('SIGKILL mid-poll, then a restart: integrity ok, no item lost or duplicated', async () => {
    const dir = makeWorkDir()
    const db = path.join(dir, 'data', 'breachwire.db')
    writeConfig(dir, {
      settings: { allowPrivateNetworks: true, concurrency: 2, perHostConcurrency: 2 },
      sources: Array.from({ length: sourceCount }, (_, n) => ({ id: `s${n}`, url: `${srv.url}/s${n}` })),
    })
    const run = spawnCli(['poll'], { cwd: dir, log: 'info' })
    await waitFor('a few sources committed', () => run.stdout().split('\n').filter(Boolean).length >= 3, 60_000)
    run.child.kill('SIGKILL')
    const killed = await run.exited
    expect(killed.signal).toBe('SIGKILL')
    const reported = killed.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(/\s+/)[0] as string)
    expect(reported.length).toBeLessThan(sourceCount) // it really was mid-poll

    const check = async (): Promise<{ integrity: string; counts: Map<string, number> }> => {
      const raw = new Database(db, { readonly: true })
      const integrity = raw.pragma('integrity_check', { simple: true }) as string
      raw.close()
      const store = openStore(db, { readonly: true })
      const counts = new Map<string, number>()
      for (let n = 0; n < sourceCount; n++) counts.set(`s${n}`, await store.countItems(`s${n}`))
      await store.close()
      return { integrity, counts }
    }
    const afterKill = await check()
    expect(afterKill.integrity).toBe('ok')
    // Everything reported as done was committed whole; nothing is ever half a source.
    for (const id of reported) expect(afterKill.counts.get(id)).toBe(itemsPerSource)
    for (const count of afterKill.counts.values()) expect([0, itemsPerSource]).toContain(count)

    const restart = await runCli(['poll'], { cwd: dir, log: 'info' })
    expect(restart.code).toBe(0)
    const lines = restart.stdout.split('\n').filter(Boolean)
    expect(lines).toHaveLength(sourceCount)
    for (const id of reported) expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${id}\\s+unchanged \\(304\\)$`)))
    const afterRestart = await check()
    expect(afterRestart.integrity).toBe('ok')
    for (const count of afterRestart.counts.values()) expect(count).toBe(itemsPerSource)
  })
})
