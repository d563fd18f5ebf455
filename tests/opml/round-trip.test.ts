// OPML out and back in: what export-opml writes, import-opml reads back to the same sources —
// every tag (folder plus category) and the enabled flag included — and importing it again
// into the same feeds.json changes nothing.
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { validateConfig } from '../../src/config/index.js'
import { renderOpml } from '../../src/feed-export/index.js'
import { parseOpml, planOpmlImport } from '../../src/opml/index.js'
import { runCli, writeTempConfig } from '../helpers/run-cli.js'

const sources = [
  { id: 'bsi', title: 'BSI Warnungen', url: 'https://bsi.example/rss.xml', tags: ['Breaches', 'Regional'] },
  {
    id: 'hipaa',
    title: 'HIPAA Journal',
    url: 'https://hipaa.example/feed/',
    homepage: 'https://hipaa.example/',
    tags: ['breach', 'health', 'us'],
    enabled: false,
  },
  { id: 'loose', title: 'Loose & Co', url: 'https://loose.example/atom' },
  { id: 'paused', title: 'Paused', url: 'https://paused.example/feed', enabled: false },
  { id: 'single', title: 'Single', url: 'https://single.example/feed', tags: ['breach'] },
]

interface Written {
  id: string
  title?: string
  url: string
  homepage?: string
  tags?: string[]
  enabled?: boolean
}

const readSources = (file: string): Written[] => (JSON.parse(readFileSync(file, 'utf8')) as { sources: Written[] }).sources

describe('OPML round trip', () => {
  it('renderOpml → parseOpml → planOpmlImport gives back every tag and the enabled flag', () => {
    const config = validateConfig({ sources }, 'feeds.json')
    const xml = renderOpml(
      config.sources.map((s) => ({ title: s.title ?? s.id, xmlUrl: s.url, htmlUrl: s.homepage ?? null, tags: s.tags, enabled: s.enabled })),
    )
    const parsed = parseOpml(xml)
    expect(parsed.feeds.map((f) => [f.xmlUrl, f.tags, f.enabled])).toEqual(
      expect.arrayContaining([
        ['https://bsi.example/rss.xml', ['Breaches', 'Regional'], undefined],
        ['https://hipaa.example/feed/', ['breach', 'health', 'us'], false],
        ['https://loose.example/atom', [], undefined],
        ['https://paused.example/feed', [], false],
        ['https://single.example/feed', ['breach'], undefined],
      ]),
    )
    const plan = planOpmlImport(parsed.feeds, [], 'feeds.json')
    const back = validateConfig({ sources: plan.add }, 'feeds.json').sources
    const view = (list: typeof back) =>
      list
        .map((s) => ({ url: s.url, title: s.title, homepage: s.homepage, tags: s.tags, enabled: s.enabled }))
        .sort((a, b) => a.url.localeCompare(b.url))
    expect(view(back)).toEqual(view(config.sources))
  })

  it("ignores an enabled attribute whose prefix is not bound to breachwire's namespace", () => {
    const xml =
      '<opml version="2.0" xmlns:other="https://other.example/ns"><body>' +
      '<outline text="A" xmlUrl="https://a.example/rss" other:enabled="false"/>' +
      '<outline text="B" xmlUrl="https://b.example/rss" breachwire:enabled="false"/></body></opml>'
    expect(parseOpml(xml).feeds.map((f) => f.enabled)).toEqual([undefined, undefined])
    const bound =
      '<opml version="2.0" xmlns:bw="https://github.com/breachwire/breachwire#opml"><body>' +
      '<outline text="A" xmlUrl="https://a.example/rss" bw:enabled="FALSE"/><outline text="B" xmlUrl="https://b.example/rss" bw:enabled="true"/>' +
      '<outline text="C" xmlUrl="https://c.example/rss" bw:enabled="maybe"/></body></opml>'
    expect(parseOpml(bound).feeds.map((f) => f.enabled)).toEqual([false, true, undefined])
  })

  it('export-opml, then import-opml into an empty feeds.json, gives the same sources; again into the original adds nothing', async () => {
    const original = writeTempConfig(`${JSON.stringify({ sources }, null, 2)}\n`)
    const exported = await runCli(['export-opml', '--config', original])
    expect(exported.stderr).toBe('')
    expect(exported.code).toBe(0)

    const exportFile = path.join(path.dirname(original), 'export.opml')
    writeFileSync(exportFile, exported.stdout)
    const fresh = writeTempConfig('{\n  "sources": []\n}\n')
    const imported = await runCli(['import-opml', exportFile, '--config', fresh])
    expect(imported.code).toBe(0)
    expect(imported.stdout).toContain(`${exportFile}: 5 added, 0 skipped`)
    const view = (list: Written[]) =>
      list
        .map((s) => ({ url: s.url, title: s.title, homepage: s.homepage, tags: s.tags ?? [], enabled: s.enabled ?? true }))
        .sort((a, b) => a.url.localeCompare(b.url))
    expect(view(readSources(fresh))).toEqual(view(sources))

    const before = readFileSync(original, 'utf8')
    const again = await runCli(['import-opml', exportFile, '--config', original])
    expect(again.code).toBe(0)
    expect(again.stdout).toContain(`${exportFile}: 0 added, 5 skipped\n`)
    expect(readFileSync(original, 'utf8')).toBe(before)
  })
})
