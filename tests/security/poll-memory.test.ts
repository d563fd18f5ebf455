// Peak memory of one real poll over every bomb, measured in a child process that does nothing
// else (the bombs are served from this process): the kernel's maxRSS high-water mark of the
// child must stay under 300 MB with the default 10 MB body cap and 4 GiB compression bombs.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureCliBuilt } from '../helpers/build-cli.js'
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js'
import { type Bomb, buildBigFeed, installBombs } from './bombs.js'

const repoRoot = resolve(import.meta.dirname, '../..')
const LIMIT_MB = 300
let srv: FixtureServer
let dir: string
let bombs: Bomb[]

interface ChildReport {
  peakRssMb: number
  baselineRssMb: number
  sampledPeakRssMb: number
  pollMs: number
  outcomes: Record<string, string>
}

beforeAll(async () => {
  // The child runs the built poller (dist/), as `npm start` does.
  await ensureCliBuilt()
  dir = mkdtempSync(join(tmpdir(), 'breachwire-memory-parent-'))
  const secretFile = join(dir, 'secret.txt')
  writeFileSync(secretFile, 'secret')
  srv = await startFixtureServer()
  // The trickle only meets the deadline (poller-bombs.test.ts) and holds almost no memory.
  bombs = installBombs(srv, { secretFile, inflatedBytes: 4 * 1024 ** 3 }).filter((b) => b.id !== 'trickle')
  srv.serveBody('/big-feed', buildBigFeed(2 * 1024 * 1024), { contentType: 'application/rss+xml' })
})

afterAll(async () => {
  await srv.close()
  rmSync(dir, { recursive: true, force: true })
})

function runChild(ids: string[]): Promise<ChildReport> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['tests/security/poll-memory-child.mjs', JSON.stringify({ baseUrl: srv.url, ids })], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, BREACHWIRE_LOG: 'silent' },
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.on('error', fail)
    child.on('exit', (code) => {
      if (code !== 0) return fail(new Error(`memory child exited ${code}: ${err.slice(0, 2000)}`))
      try {
        done(JSON.parse(out.trim().split('\n').pop() ?? '') as ChildReport)
      } catch (parseErr) {
        fail(new Error(`memory child printed no report: ${out.slice(0, 500)} ${err.slice(0, 500)}`, { cause: parseErr }))
      }
    })
  })
}

describe('peak memory of a poll over every bomb', () => {
  it(`stays under ${LIMIT_MB} MB, and every bomb ends as required`, async () => {
    const report = await runChild(bombs.map((b) => b.id))
    // Shown in the test output: the measurement SECURITY.md quotes.
    console.log(
      `poll over ${bombs.length} hostile sources: peak RSS ${report.peakRssMb} MB (baseline ${report.baselineRssMb} MB), ${report.pollMs} ms`,
    )
    expect(report.peakRssMb).toBeLessThan(LIMIT_MB)
    for (const bomb of bombs) {
      const got = report.outcomes[bomb.id] ?? 'missing'
      if (got.startsWith('ok:')) {
        expect(bomb.minItems, `${bomb.id} should have failed`).toBeDefined()
        expect(Number(got.slice(3)), bomb.id).toBeGreaterThanOrEqual(bomb.minItems!)
      } else {
        expect(bomb.codes, `${bomb.id} ended with ${got}`).toContain(got)
      }
    }
  }, 120_000)

  for (const id of ['empty-rss-items', 'empty-json-items']) {
    it(`one 10 MB body of empty items (${id}) stays under ${LIMIT_MB} MB`, async () => {
      const report = await runChild([id])
      console.log(
        `poll of ${id}: peak RSS ${report.peakRssMb} MB (baseline ${report.baselineRssMb} MB), ${report.pollMs} ms, ${report.outcomes[id]}`,
      )
      expect(report.peakRssMb).toBeLessThan(LIMIT_MB)
      expect(report.outcomes[id]).toBe('ok:0')
    }, 120_000)
  }

  it(`a big legal feed (2 MB of items) also stays under ${LIMIT_MB} MB`, async () => {
    const report = await runChild(['big-feed'])
    console.log(
      `poll of a 2 MB feed: peak RSS ${report.peakRssMb} MB (baseline ${report.baselineRssMb} MB), ${report.pollMs} ms, ${report.outcomes['big-feed']}`,
    )
    expect(report.peakRssMb).toBeLessThan(LIMIT_MB)
    expect(report.outcomes['big-feed']).toMatch(/^ok:\d{4,}$/)
  }, 120_000)
})
