// breachwire copy: a SQLite install filled through the poller's ingest step (stories merged
// across sources, a revision, pruned items leaving tombstones, fetch state) is copied to an
// empty PostgreSQL database in-process through runCli; the PostgreSQL store then answers
// listItems, explainStory, search, sources and counts exactly as the SQLite one does, continues
// ids after the copied ones, and a second copy into the same database is refused.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli.js'
import { storeItems } from '../../src/poller/store-items.js'
import { openStore } from '../../src/store/index.js'
import { openPostgresStore } from '../../src/store/postgres/index.js'
import type { Store } from '../../src/types.js'
import { startTestPostgres } from '../helpers/postgres.js'
import { makeItem, makeSource } from '../helpers/store.js'

const server = await startTestPostgres('breachwire copy')
const dir = mkdtempSync(join(tmpdir(), 'breachwire-copy-'))
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
  await server?.stop()
})

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const out = {
    write: (chunk: string) => {
      stdout += chunk
      return true
    },
  } as unknown as NodeJS.WritableStream
  const err = {
    write: (chunk: string) => {
      stderr += chunk
      return true
    },
  } as unknown as NodeJS.WritableStream
  const code = await runCli(argv, { stdout: out, stderr: err, env: { BREACHWIRE_LOG: 'silent' } })
  return { code, stdout, stderr }
}

const sources = [
  makeSource({ id: 'alpha', title: 'Alpha News' }),
  makeSource({ id: 'beta', title: 'Beta Wire' }),
  makeSource({ id: 'gamma' }),
]

/** Three sources; two incidents each reported by two of them (one merged by link, one by title); one revised item; two pruned. */
async function fill(store: Store): Promise<void> {
  await store.syncSources(sources)
  const [alpha, beta, gamma] = sources as [ReturnType<typeof makeSource>, ReturnType<typeof makeSource>, ReturnType<typeof makeSource>]
  const day = (d: number): string => `2026-02-${String(d).padStart(2, '0')}T10:00:00.000Z`
  await store.transaction((tx) =>
    storeItems(
      tx,
      alpha,
      [
        makeItem({
          sourceId: 'alpha',
          identityKey: 'a1',
          title: 'Acme Hospital breach exposes 40,000 patient records',
          publishedAt: day(10),
          categories: ['Healthcare', 'Ransomware'],
        }),
        makeItem({ sourceId: 'alpha', identityKey: 'a2', title: 'Old story about a résumé leak', publishedAt: '2025-01-01T00:00:00.000Z' }),
        makeItem({
          sourceId: 'alpha',
          identityKey: 'a3',
          title: 'Globex confirms credential stuffing attack',
          url: 'https://globex.example/notice',
          publishedAt: day(12),
        }),
      ],
      day(12),
    ),
  )
  await store.transaction((tx) =>
    storeItems(
      tx,
      beta,
      [
        makeItem({
          sourceId: 'beta',
          identityKey: 'b1',
          title: 'Acme Hospital breach exposes 40,000 patient records',
          publishedAt: day(11),
          categories: ['healthcare'],
        }),
        makeItem({ sourceId: 'beta', identityKey: 'b2', title: 'Very old gamma-less note', publishedAt: '2025-01-02T00:00:00.000Z' }),
      ],
      day(12),
    ),
  )
  await store.transaction((tx) =>
    storeItems(
      tx,
      gamma,
      [
        makeItem({
          sourceId: 'gamma',
          identityKey: 'g1',
          title: 'Globex says attackers reused passwords',
          url: 'https://globex.example/notice',
          publishedAt: day(13),
        }),
      ],
      day(13),
    ),
  )
  // A revision: the same identity with a new title is updated in place.
  await store.transaction((tx) =>
    storeItems(
      tx,
      alpha,
      [
        makeItem({
          sourceId: 'alpha',
          identityKey: 'a1',
          title: 'Acme Hospital breach exposes 45,000 patient records',
          publishedAt: day(10),
          categories: ['Healthcare', 'Ransomware'],
        }),
      ],
      day(14),
    ),
  )
  await store.updateSourceState('alpha', {
    etag: '"v7"',
    lastModified: 'Sat, 14 Feb 2026 10:00:00 GMT',
    lastTriedAt: day(14),
    lastSuccessAt: day(14),
    lastStatus: 200,
    nextRunAt: day(15),
  })
  await store.updateSourceState('beta', {
    lastTriedAt: day(14),
    lastStatus: 503,
    lastError: 'fetch: HTTP 503',
    lastErrorCode: 'http_status',
    consecutiveFailures: 3,
  })
  expect(await store.pruneItems(day(20), 30, 0)).toBe(2)
}

/** Everything a reader can ask, on one engine. */
async function answers(store: Store): Promise<unknown> {
  const river = await store.listItems({ limit: 50 })
  const stories = []
  for (const item of river.items) stories.push(await store.explainStory((await store.getItem(item.id))?.storyId ?? -1))
  return {
    // Each story as the API shows it, its revisions included (a1's new title is one).
    storyPages: await Promise.all(river.items.map((item) => store.getStory(item.storyId))),
    river,
    bySource: await store.listItems({ sources: ['alpha', 'beta', 'gamma'], limit: 50 }),
    page: await store.listItems({ sources: ['alpha', 'beta', 'gamma'], limit: 2 }),
    stories,
    search: (await store.searchItems({ q: 'acme', limit: 10 })).items.map((hit) => hit.id).sort(),
    // Found by its category only (PostgreSQL derives that index after the copy).
    byCategory: (await store.searchItems({ q: 'ransomware', limit: 10, each: 'report' })).items.map((hit) => hit.id).sort(),
    sources: await store.listSources(),
    categories: await store.listCategories(),
    counts: [await store.countItems(), await store.countItems('alpha'), await store.countItems('beta')],
  }
}

describe.skipIf(server === undefined)('breachwire copy --from sqlite --to postgres', () => {
  it('copies everything with ids kept, answers the same, verifies counts, then refuses a second copy', async () => {
    const file = join(dir, 'install.db')
    const sqlite = openStore(file)
    await fill(sqlite)
    const before = await answers(sqlite)
    await sqlite.close()

    const url = await server!.createDatabase()
    const copied = await run(['copy', '--from', file, '--to', url])
    expect(copied.stderr).toBe('')
    expect(copied.code).toBe(0)
    const counted = Object.fromEntries(
      [...copied.stdout.matchAll(/^ {2}(\S+)\s+sqlite\s+(\d+)\s+postgres\s+(\d+)$/gm)].map((m) => [m[1], [Number(m[2]), Number(m[3])]]),
    )
    expect(counted).toMatchObject({ sources: [3, 3], items: [4, 4], tombstones: [2, 2], item_categories: [3, 3], item_revisions: [1, 1] })
    for (const [table, [a, b]] of Object.entries(counted) as [string, number[]][]) expect(b, table).toBe(a)
    expect(Object.keys(counted)).toEqual(expect.arrayContaining(['stories', 'story_members', 'item_links', 'item_evidence', 'item_tokens']))
    expect(copied.stdout).toContain('every count matches')

    const pgStore = await openPostgresStore(url, { migrate: false })
    try {
      expect(await answers(pgStore)).toEqual(before)
      // Two stories of two reports each, as on SQLite.
      const river = await pgStore.listItems({ limit: 50 })
      const members = await Promise.all(
        river.items.map(async (item) => (await pgStore.explainStory((await pgStore.getItem(item.id))?.storyId ?? -1))?.members.length),
      )
      expect(members.sort()).toEqual([2, 2])
      // Tombstones came along: a pruned item polled again is not resurrected.
      const again = await pgStore.upsertItems(
        'alpha',
        [
          makeItem({
            sourceId: 'alpha',
            identityKey: 'a2',
            title: 'Old story about a résumé leak',
            publishedAt: '2025-01-01T00:00:00.000Z',
          }),
        ],
        '2026-02-21T00:00:00.000Z',
      )
      expect(again.written).toEqual([])
      // New ids continue after the copied (and the pruned) ones: never an id SQLite handed out.
      const fresh = await pgStore.upsertItems('gamma', [makeItem({ sourceId: 'gamma', identityKey: 'g2' })], '2026-02-21T00:00:00.000Z')
      expect(fresh.written[0]?.id).toBe(7)
    } finally {
      await pgStore.close()
    }

    const second = await run(['copy', '--from', file, '--to', url])
    expect(second).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'breachwire copy: store: the target database is not empty (3 sources, 3 stories, 5 items, 2 tombstones); copy into a new, empty database\n',
    })
  })

  it('says what is wrong with a missing file or a target that is not PostgreSQL', async () => {
    expect(await run(['copy', '--from', join(dir, 'nope.db'), '--to', 'postgres://127.0.0.1:9/x'])).toEqual({
      code: 1,
      stdout: '',
      stderr: `breachwire copy: --from: no SQLite database at ${join(dir, 'nope.db')}\n`,
    })
    expect(await run(['copy', '--from', join(dir, 'install.db'), '--to', 'mysql://x'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'breachwire copy: --to: expected a postgres:// or postgresql:// URL, got "mysql://x"\n',
    })
  })
})
