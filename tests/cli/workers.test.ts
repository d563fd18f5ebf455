// `breachwire serve --workers N`: N processes answer on one port (told apart by the
// X-Breachwire-Worker header), a killed worker is replaced while the others keep answering, an item
// written after start shows on every worker, SIGTERM stops them all with exit 0, and a bad count
// is refused.
import { get } from 'node:http'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openStore } from '../../src/store/index.js'
import { makeWorkDir, runCli, spawnCli, waitFor, writeConfig } from '../helpers/run-cli.js'
import { makeItem, makeSource } from '../helpers/store.js'

interface Started {
  worker: number
  pid: number
}

/** The primary's "Worker started" log lines. */
function startedWorkers(stderr: string): Started[] {
  return stderr
    .split('\n')
    .filter((line) => line.includes('"msg":"Worker started"'))
    .map((line) => JSON.parse(line) as Started)
}

/** GET on a fresh connection (fetch would reuse one, always reaching the same worker). */
function getFresh(base: string, route: string): Promise<{ worker: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get(`${base}${route}`, { agent: false, timeout: 5000 }, (res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
      res.on('end', () =>
        res.statusCode === 200
          ? resolve({ worker: String(res.headers['x-breachwire-worker']), body })
          : reject(new Error(`${route}: status ${res.statusCode}`)),
      )
    })
    req.on('timeout', () => req.destroy(new Error('timed out')))
    req.on('error', reject)
  })
}

async function workerOf(base: string): Promise<string> {
  return (await getFresh(base, '/healthz')).worker
}

describe('breachwire serve --workers', () => {
  it('answers from two workers, replaces a killed one, and stops on SIGTERM with exit 0', async () => {
    const dir = makeWorkDir()
    writeConfig(dir, { sources: [{ id: 'a', url: 'http://127.0.0.1:9/feed.xml' }] })
    const db = path.join(dir, 'bw.db')
    const writer = await openStore(db)
    await writer.syncSources([makeSource({ id: 'a' })])
    const run = spawnCli(['serve', '--db', db, '--port', '0', '--workers', '2', '--log-format', 'json'], { cwd: dir, log: 'info' })
    try {
      await waitFor('the workers', () => /serving (http:\/\/\S+) \(2 workers\)/.test(run.stdout()), 60_000)
      const base = /serving (http:\/\/\S+)/.exec(run.stdout())?.[1] as string
      expect(run.stdout()).toBe(`breachwire: serving ${base} (2 workers)\n`)

      // Round-robin: consecutive connections go to both workers.
      const seen = new Set<string>()
      for (let i = 0; i < 6; i += 1) seen.add(await workerOf(base))
      expect([...seen].sort()).toEqual(['1', '2'])

      const [first] = startedWorkers(run.stderr())
      expect(first?.worker).toBe(1)
      process.kill(first?.pid as number, 'SIGKILL')
      await waitFor('the primary to notice', () => run.stderr().includes('"msg":"Worker died; restarting it"'), 20_000)
      // Worker 2 answers everything while worker 3 starts; then both answer.
      expect(await workerOf(base)).toBe('2')
      await waitFor('a replacement', () => /"msg":"Worker listening","worker":3/.test(run.stderr()), 60_000)
      const after = new Set<string>()
      for (let i = 0; i < 6; i += 1) after.add(await workerOf(base))
      expect([...after].sort()).toEqual(['2', '3'])
      expect(startedWorkers(run.stderr()).map((w) => w.worker)).toEqual([1, 2, 3])

      // Caches are per worker and keyed on the store's generation: a commit shows on both.
      const byWorker = new Map<string, number>()
      const countItems = async (): Promise<void> => {
        for (let i = 0; i < 6; i += 1) {
          const { worker, body } = await getFresh(base, '/api/items?source=a')
          byWorker.set(worker, (JSON.parse(body) as { items: unknown[] }).items.length)
        }
      }
      await countItems()
      expect(Object.fromEntries(byWorker)).toEqual({ '2': 0, '3': 0 })
      await writer.upsertItems('a', [makeItem({ sourceId: 'a' })], new Date().toISOString())
      await countItems()
      expect(Object.fromEntries(byWorker)).toEqual({ '2': 1, '3': 1 })

      run.child.kill('SIGTERM')
      const exit = await run.exited
      expect(exit.code).toBe(0)
      for (const { pid } of startedWorkers(exit.stderr)) expect(() => process.kill(pid, 0)).toThrow()
    } finally {
      await writer.close()
      run.child.kill('SIGKILL')
      for (const { pid } of startedWorkers(run.stderr())) {
        try {
          process.kill(pid, 'SIGKILL')
        } catch {}
      }
    }
  }, 120_000)

  it('refuses a bad worker count, and --workers on a poller', async () => {
    const dir = makeWorkDir()
    writeConfig(dir, { sources: [] })
    const db = path.join(dir, 'bw.db')
    const seed = await openStore(db)
    await seed.close()
    expect(await runCli(['serve', '--db', db, '--workers', '0'], { cwd: dir })).toMatchObject({
      code: 1,
      stderr: 'breachwire serve: --workers: expected a whole number from 1 to 256, got "0"\n',
    })
    expect(await runCli(['start', '--role', 'poller', '--db', db, '--workers', '2'], { cwd: dir })).toMatchObject({
      code: 1,
      stderr: 'breachwire start: --workers: only with --role web (a poller or an all-in-one process is one process)\n',
    })
  })
})
