// The four documented tabular sources (docs/official-sources.md, read from the doc itself so the
// doc stays true) against their fixtures on a loopback server, through the real poller into a
// real SQLite store: polled, polled again (nothing new), then one row's count revised (the same
// item is updated in place; no new item appears).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateConfig } from '../../src/config/index.js'
import { setLogLevel } from '../../src/lib/log.js'
import { pollOnce } from '../../src/poller/index.js'
import type { AppConfig, Store } from '../../src/types.js'
import { type FixtureServer, fixturesDir, startFixtureServer } from '../helpers/fixture-server.js'
import { makeStore } from '../helpers/store.js'

/** Every ```json block of docs/official-sources.md, by source id. */
function readDocumentedSources(): Map<string, Record<string, unknown>> {
  const doc = readFileSync(path.join(repoRoot, 'docs', 'official-sources.md'), 'utf8')
  const out = new Map<string, Record<string, unknown>>()
  for (const block of doc.matchAll(/```json\n([\s\S]*?)\n```/g)) {
    const source = JSON.parse(block[1] as string) as Record<string, unknown>
    out.set(source['id'] as string, source)
  }
  return out
}

const repoRoot = path.resolve(fixturesDir, '..', '..')
const fixture = (name: string): string => readFileSync(path.join(fixturesDir, 'official', name), 'utf8')

interface Case {
  id: string
  file: string
  contentType: string
  /** How many rows load, and how many fail the map. */
  loaded: number
  skipped: number
  /** The fixture with one row's count revised, and the item title (or part of it) that row gets. */
  revise: (body: string) => string
  revisedTitle: RegExp
}

const cases: Case[] = [
  {
    id: 'hhs-ocr',
    file: 'hhs-ocr.csv',
    contentType: 'text/csv; charset=utf-8',
    loaded: 4,
    skipped: 2,
    revise: (b) => b.replace('"212,418"', '"251,006"'),
    revisedTitle: /^Lakeside Regional Medical Center reports breach affecting 251,006 people$/,
  },
  {
    id: 'wa-ag',
    file: 'wa-ag-notices.html',
    contentType: 'text/html; charset=utf-8',
    loaded: 3,
    skipped: 1,
    revise: (b) => b.replace('<td>12,430</td>', '<td>14,002</td>'),
    revisedTitle: /^Evergreen Credit Union: data breach notice \(14,002 Washingtonians\)$/,
  },
  {
    id: 'hibp',
    file: 'hibp-breaches.json',
    contentType: 'application/json',
    loaded: 3,
    skipped: 1,
    revise: (b) => b.replace('"PwnCount": 48211', '"PwnCount": 51377'),
    revisedTitle: /^MedBook Clinic breach: 51377 accounts$/,
  },
  {
    id: 'leak-tracker',
    file: 'ransomware-victims.json',
    contentType: 'application/json',
    loaded: 3,
    skipped: 1,
    // The tracker states no count; a revised sector changes the row's default summary instead.
    revise: (b) => b.replace('"activity": "Transportation/Logistics"', '"activity": "Manufacturing"'),
    revisedTitle: /^akira claims Hanse Logistik GmbH$/,
  },
]

let site: FixtureServer
const documented = readDocumentedSources()

beforeAll(async () => {
  setLogLevel('silent')
  site = await startFixtureServer()
})

afterAll(async () => {
  await site?.close()
})

describe('official sources, end to end', () => {
  it('the doc has one example of each shape', () => {
    expect([...documented.keys()]).toEqual(cases.map((c) => c.id))
    expect([...documented.values()].map((s) => s['type'])).toEqual(['csv', 'table', 'json', 'json'])
  })

  for (const c of cases) {
    it(`${c.id}: polls, re-polls without duplicates, and a revised row updates its item`, async () => {
      const route = `/${c.id}/${c.file}`
      // No validators: every poll is a full re-read, as a re-published export would be.
      site.serveBody(route, fixture(c.file), { contentType: c.contentType })
      const config: AppConfig = validateConfig(
        { settings: { allowPrivateNetworks: true }, sources: [{ ...documented.get(c.id), url: `${site.url}${route}` }] },
        'feeds.json',
      )
      const store: Store = await makeStore()
      try {
        const start = Date.parse('2025-03-05T12:00:00Z')
        let hour = 0
        const poll = () => {
          hour += 1
          const at = new Date(start + hour * 3_600_000)
          return pollOnce({ store, config, now: () => at })
        }

        const first = await poll()
        expect(first.outcomes[0]).toMatchObject({ sourceId: c.id, result: 'new', counts: { inserted: c.loaded, updated: 0 } })
        expect(await store.countItems(c.id)).toBe(c.loaded)
        const before = (await store.listItems({ sources: [c.id], limit: 50 })).items
        expect(new Set(before.map((i) => i.guid)).size).toBe(c.loaded)
        for (const item of before) expect(item.guid).toMatch(new RegExp(`^${c.id}:row-[0-9a-f]{16}$`))

        const second = await poll()
        expect(second.outcomes[0]).toMatchObject({ counts: { inserted: 0, updated: 0 } })
        expect(await store.countItems(c.id)).toBe(c.loaded)

        site.serveBody(route, c.revise(fixture(c.file)), { contentType: c.contentType })
        const third = await poll()
        expect(third.outcomes[0]).toMatchObject({ result: 'updated', counts: { inserted: 0, updated: 1 } })
        expect(await store.countItems(c.id)).toBe(c.loaded)
        const after = (await store.listItems({ sources: [c.id], limit: 50 })).items
        const revised = after.filter((i) => c.revisedTitle.test(i.title))
        expect(revised).toHaveLength(1)
        // Same stored row, same guid: updated in place.
        const was = before.find((i) => i.guid === revised[0]?.guid)
        expect(was?.id).toBe(revised[0]?.id)
        expect((await store.getSource(c.id))?.lastError).toBeNull()
      } finally {
        await store.close()
      }
    })
  }

  it('a Windows-1252 CSV export reads right when the server says so', async () => {
    const latin = fixture('hhs-ocr.csv').replace('Cedar Family Clinic', 'Clínica Cedar Señora')
    site.serveBody('/hhs-1252.csv', Buffer.from(latin, 'latin1'), { contentType: 'text/csv; charset=windows-1252' })
    const config = validateConfig(
      { settings: { allowPrivateNetworks: true }, sources: [{ ...documented.get('hhs-ocr'), url: `${site.url}/hhs-1252.csv` }] },
      'feeds.json',
    )
    const store = await makeStore()
    try {
      await pollOnce({ store, config, now: () => new Date('2025-03-05T12:00:00Z') })
      const titles = (await store.listItems({ sources: ['hhs-ocr'], limit: 10 })).items.map((i) => i.title)
      expect(titles).toContain('Clínica Cedar Señora reports breach affecting 3,112 people')
    } finally {
      await store.close()
    }
  })

  it('a map naming a column the table lacks is an error on the source, with the columns there are', async () => {
    site.serveBody('/hhs-renamed.csv', fixture('hhs-ocr.csv').replace('Individuals Affected', 'Affected'), { contentType: 'text/csv' })
    const config = validateConfig(
      { settings: { allowPrivateNetworks: true }, sources: [{ ...documented.get('hhs-ocr'), url: `${site.url}/hhs-renamed.csv` }] },
      'feeds.json',
    )
    const store = await makeStore()
    try {
      const report = await pollOnce({ store, config, now: () => new Date('2025-03-05T12:00:00Z') })
      expect(report.outcomes[0]?.result).toBe('failed')
      const state = await store.getSource('hhs-ocr')
      expect(state?.lastError).toContain('map.title names column "Individuals Affected"')
      expect(state?.lastError).toContain('"Affected"')
      expect(await store.countItems('hhs-ocr')).toBe(0)
    } finally {
      await store.close()
    }
  })
})
