// Parser and transport bombs through the REAL poller (fetch → parse → clean → store) against a
// loopback server: every hostile source ends in a recorded, readable error (or salvaged items),
// the good source in the same poll still succeeds, nothing hangs, nothing leaks.
// Peak memory of the same poll with bigger bombs is measured in a child process (poll-memory.test.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateConfig } from '../../src/config/index.js'
import { setLogLevel } from '../../src/lib/log.js'
import { pollOnce } from '../../src/poller/index.js'
import { openStore } from '../../src/store/index.js'
import type { AppConfig, PollReport, Store } from '../../src/types.js'
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js'
import { type Bomb, installBombs } from './bombs.js'

const SECRET = 'BREACHWIRE-XXE-SECRET-51c0'
// Generous, so on a busy machine only the byte cap can stop a bomb that ought to hit it: a bomb
// that slipped past the cap would end as 'timeout' and fail below. The trickle, which only the
// deadline stops, is polled on its own with a short one.
const GENEROUS_TIMEOUT_SECONDS = 30
let srv: FixtureServer
let store: Store
let dir: string
let bombs: Bomb[]
let report: PollReport

function makeConfig(server: FixtureServer, ids: string[], settings: Record<string, unknown>): AppConfig {
  return validateConfig(
    {
      settings: {
        allowPrivateNetworks: true,
        timeoutSeconds: GENEROUS_TIMEOUT_SECONDS,
        maxBytes: 1024 * 1024,
        concurrency: 8,
        perHostConcurrency: 8,
        ...settings,
      },
      sources: ids.map((id) => ({ id, url: `${server.url}/${id}` })),
    },
    'feeds.json',
  )
}

beforeAll(
  async () => {
    setLogLevel('silent')
    dir = mkdtempSync(join(tmpdir(), 'breachwire-bombs-'))
    const secretFile = join(dir, 'secret.txt')
    writeFileSync(secretFile, SECRET)
    srv = await startFixtureServer()
    bombs = installBombs(srv, { secretFile, inflatedBytes: 256 * 1024 * 1024, trickleEverySeconds: 1 }).filter((b) => b.id !== 'trickle')
    store = openStore(join(dir, 'bombs.db'))
    report = await pollOnce({
      store,
      config: makeConfig(
        srv,
        bombs.map((b) => b.id),
        {},
      ),
    })
  },
  2 * GENEROUS_TIMEOUT_SECONDS * 1000,
)

afterAll(async () => {
  await store.close()
  await srv.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('one poll over every bomb', () => {
  it('finishes (no hang: beforeAll has a time limit) with an outcome for every source', () => {
    expect(report.outcomes.map((o) => o.sourceId).sort()).toEqual(bombs.map((b) => b.id).sort())
  })

  it('every source ends as its bomb requires: a readable error with the right code, or stored items', async () => {
    const seen: Record<string, string> = {}
    for (const bomb of bombs) {
      const state = (await store.getSource(bomb.id))!
      const items = await store.countItems(bomb.id)
      seen[bomb.id] = state.lastError === null ? `ok:${items}` : `${state.lastErrorCode}`
      if (state.lastError === null) {
        expect(bomb.minItems, `${bomb.id} should have failed, stored ${items} items`).toBeDefined()
        expect(items, bomb.id).toBeGreaterThanOrEqual(bomb.minItems!)
        expect(state.lastSuccessAt, bomb.id).not.toBeNull()
      } else {
        expect(bomb.codes, `${bomb.id}: ${state.lastError}`).toContain(state.lastErrorCode)
        // Readable: one line, starts with the module name, no stack trace, bounded length.
        expect(state.lastError, bomb.id).toMatch(/^(fetch|parse|extract|store): /)
        expect(state.lastError, bomb.id).not.toMatch(/\n|\s+at \S+ \(|node_modules/)
        expect(state.lastError.length, bomb.id).toBeLessThan(500)
        expect(state.consecutiveFailures, bomb.id).toBe(1)
        expect(state.nextRunAt, bomb.id).not.toBeNull()
      }
    }
    // The map shows the whole picture when an assertion above fails.
    expect(Object.keys(seen).length).toBe(bombs.length)
  })

  it('the good source in the same poll succeeded with all its items', async () => {
    const good = (await store.getSource('good'))!
    expect(good.lastError).toBeNull()
    expect(await store.countItems('good')).toBeGreaterThanOrEqual(3)
    expect(report.outcomes.find((o) => o.sourceId === 'good')?.result).toBe('new')
  })

  it('entity bombs never expand and external entities are never read or fetched', async () => {
    const all = (await store.listItems({ limit: 200 })).items
    const text = JSON.stringify(all)
    expect(text).not.toContain(SECRET)
    expect(text).not.toContain('PROBED')
    expect(text).not.toMatch(/(lol){20}/)
    expect(srv.hits('/dtd-probe')).toBe(0)
    const laughs = (await store.listItems({ sources: ['billion-laughs'], limit: 5 })).items
    expect(laughs[0]!.title.length).toBeLessThan(100)
  })

  it('the compression bombs were cut off: the server was not drained of its gigabytes', async () => {
    for (const id of ['gzip-bomb', 'deflate-bomb', 'br-bomb', 'endless']) {
      expect((await store.getSource(id))!.lastErrorCode, id).toBe('too_large')
    }
  })

  it('truncated XML yields what is salvageable', async () => {
    expect((await store.getSource('truncated'))!.lastError).toBeNull()
    expect(await store.countItems('truncated')).toBeGreaterThanOrEqual(2)
  })

  it('the store is intact afterwards and the process keeps polling', async () => {
    srv.resetHits()
    const again = await pollOnce({ store, config: makeConfig(srv, ['good', 'empty'], {}) })
    expect(again.outcomes.map((o) => [o.sourceId, o.result])).toEqual([
      ['good', 'unchanged'],
      ['empty', 'failed'],
    ])
    expect((await store.getSource('empty'))!.consecutiveFailures).toBe(2)
  })
})

describe('the deadline on its own', () => {
  it('a body trickling one byte a second ends as timeout after timeoutSeconds, and the poll moves on', async () => {
    const s = openStore(':memory:')
    try {
      const started = Date.now()
      const out = await pollOnce({ store: s, config: makeConfig(srv, ['trickle', 'good'], { timeoutSeconds: 1 }) })
      const elapsedMs = Date.now() - started
      expect(out.outcomes.map((o) => [o.sourceId, o.result])).toEqual([
        ['trickle', 'failed'],
        ['good', 'new'],
      ])
      const state = (await s.getSource('trickle'))!
      expect(state.lastErrorCode).toBe('timeout')
      expect(state.lastError).toMatch(/^fetch: /)
      // The whole-request deadline ended it: at a byte a second the body would take over an hour.
      expect(elapsedMs).toBeGreaterThanOrEqual(1000)
      expect(srv.hits('/trickle')).toBeGreaterThan(0)
    } finally {
      await s.close()
    }
  })
})

describe('SSRF through the poller', () => {
  it('allowPrivateNetworks false: a loopback source fails with blocked_address and the server is never contacted', async () => {
    const local = await startFixtureServer()
    try {
      local.serveFile('/feed', 'feeds/wordpress-rss2.xml', { contentType: 'application/rss+xml' })
      const s = openStore(':memory:')
      const config = validateConfig(
        {
          settings: { allowPrivateNetworks: false, timeoutSeconds: 2 },
          sources: [
            { id: 'loopback-ip', url: `${local.url}/feed` },
            { id: 'localhost-name', url: `http://localhost:${local.port}/feed` },
            { id: 'mapped-v6', url: `http://[::ffff:127.0.0.1]:${local.port}/feed` },
            { id: 'zero', url: `http://0.0.0.0:${local.port}/feed` },
          ],
        },
        'feeds.json',
      )
      const out = await pollOnce({ store: s, config })
      for (const o of out.outcomes) {
        expect(o.result, o.sourceId).toBe('failed')
        const state = (await s.getSource(o.sourceId))!
        expect(state.lastErrorCode, o.sourceId).toBe('blocked_address')
        expect(state.lastError, o.sourceId).toMatch(/^fetch: /)
      }
      expect(local.hits('/feed')).toBe(0)
      expect(await s.countItems()).toBe(0)
      await s.close()
    } finally {
      await local.close()
    }
  })

  it('allowPrivateNetworks true: the same loopback source is fetched and stored', async () => {
    const local = await startFixtureServer()
    try {
      local.serveFile('/feed', 'feeds/wordpress-rss2.xml', { contentType: 'application/rss+xml' })
      const s = openStore(':memory:')
      const config = validateConfig(
        { settings: { allowPrivateNetworks: true }, sources: [{ id: 'loopback-ip', url: `${local.url}/feed` }] },
        'feeds.json',
      )
      const out = await pollOnce({ store: s, config })
      expect(out.outcomes[0]?.result).toBe('new')
      expect((await s.getSource('loopback-ip'))!.lastError).toBeNull()
      expect(await s.countItems('loopback-ip')).toBeGreaterThan(0)
      await s.close()
    } finally {
      await local.close()
    }
  })
})
