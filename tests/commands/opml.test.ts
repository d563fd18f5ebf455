// `breachwire import-opml` / `export-opml` through the real CLI: exports written the way Miniflux
// and FreshRSS write them import into feeds.json (folders as tags, duplicates and non-feeds
// skipped with reasons), export gives OPML 2.0, and importing that export again changes nothing.
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/index.js'
import { parseOpml } from '../../src/opml/index.js'
import { fixturesDir } from '../helpers/fixture-server.js'
import { runCli, writeTempConfig } from '../helpers/run-cli.js'

const miniflux = path.join(fixturesDir, 'opml', 'miniflux.opml')
const freshrss = path.join(fixturesDir, 'opml', 'freshrss.opml')

const emptyConfig = `{
  "settings": {
    "schedule": "*/30 * * * *"
  },
  "sources": []
}
`

interface Written {
  id: string
  title?: string
  url: string
  homepage?: string
  tags?: string[]
  enabled?: boolean
}

function readSources(file: string): Written[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { sources: Written[] }).sources
}

describe('breachwire import-opml / export-opml', () => {
  it('imports Miniflux then FreshRSS exports, exports OPML 2.0, and re-importing the export changes nothing', async () => {
    const file = writeTempConfig(emptyConfig)

    const first = await runCli(['import-opml', miniflux, '--config', file])
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.stdout).toBe(
      [
        'added databreaches-net  https://databreaches.net/feed/',
        'added the-hipaa-journal  https://www.hipaajournal.com/feed/',
        'added have-i-been-pwned-latest-breaches  https://feeds.feedburner.com/HaveIBeenPwnedLatestBreaches',
        'added krebs-on-security  https://krebsonsecurity.com/feed/',
        'added schneier-on-security-and-privacy  https://www.schneier.com/feed/atom/',
        `${miniflux}: 5 added, 0 skipped (${file} updated)`,
        '',
      ].join('\n'),
    )
    const afterMiniflux = readFileSync(file, 'utf8')
    // The settings block is untouched; the empty array got entries in the file's 2-space style.
    expect(
      afterMiniflux.startsWith(
        '{\n  "settings": {\n    "schedule": "*/30 * * * *"\n  },\n  "sources": [\n    {\n      "id": "databreaches-net",\n',
      ),
    ).toBe(true)
    expect(readSources(file)[4]).toEqual({
      id: 'schneier-on-security-and-privacy',
      title: 'Schneier on Security & Privacy',
      url: 'https://www.schneier.com/feed/atom/',
      homepage: 'https://www.schneier.com/',
      tags: ['Security'],
      enabled: true,
    })

    const second = await runCli(['import-opml', freshrss, '--config', file])
    expect(second.stderr).toBe('')
    expect(second.code).toBe(0)
    expect(second.stdout).toBe(
      [
        'added freshrss-releases  https://github.com/FreshRSS/FreshRSS/releases.atom',
        'added bundesamt-fur-sicherheit-warnungen  http://www.bsi.bund.de/SiteGlobals/Functions/RSSFeed/RSSNewsfeed/RSSNewsfeed_Presse_Veranstaltungen.xml',
        'added the-record-by-recorded-future  https://therecord.media/feed/',
        'added ars-technica-security  https://feeds.arstechnica.com/arstechnica/security',
        `skipped ${freshrss}: outline 4 ("DataBreaches.net"): duplicate: http://www.databreaches.net/feed/ is already in ${file} as "databreaches-net"`,
        `skipped ${freshrss}: outline 5 ("Acme Newsroom (scraped)"): outline type "html+xpath" is not a feed subscription`,
        // Named by the OPML outline and attribute, not by a feeds.json entry that does not exist.
        `skipped ${freshrss}: outline 10 ("Bad link"): xmlUrl: expected an http or https URL, got "javascript"`,
        `skipped ${freshrss}: outline 11 ("The Record (again)"): duplicate: https://therecord.media/feed is listed twice in the OPML file (kept as "the-record-by-recorded-future")`,
        `${freshrss}: 4 added, 4 skipped (${file} updated)`,
        '',
      ].join('\n'),
    )
    const afterFreshrss = readFileSync(file, 'utf8')
    expect(afterFreshrss.startsWith(afterMiniflux.slice(0, afterMiniflux.lastIndexOf('}', afterMiniflux.lastIndexOf(']')) + 1))).toBe(true)
    const sources = readSources(file)
    expect(sources.map((s) => s.id)).toEqual([
      'databreaches-net',
      'the-hipaa-journal',
      'have-i-been-pwned-latest-breaches',
      'krebs-on-security',
      'schneier-on-security-and-privacy',
      'freshrss-releases',
      'bundesamt-fur-sicherheit-warnungen',
      'the-record-by-recorded-future',
      'ars-technica-security',
    ])
    // Nested folders: every folder on the way becomes a tag, outermost first.
    expect(sources[6]?.tags).toEqual(['Breaches', 'Regional'])
    expect(sources[6]?.title).toBe('Bundesamt für Sicherheit – Warnungen')
    expect(loadConfig(file).sources).toHaveLength(9)

    const exported = await runCli(['export-opml', '--config', file])
    expect(exported.stderr).toBe('')
    expect(exported.code).toBe(0)
    expect(exported.stdout).toMatch(
      /^<\?xml version="1.0" encoding="utf-8"\?>\n<opml version="2.0">\n<head>\n<title>breachwire sources<\/title>/,
    )
    expect(exported.stdout).toContain(
      '<outline type="rss" text="Schneier on Security &amp; Privacy" title="Schneier on Security &amp; Privacy" xmlUrl="https://www.schneier.com/feed/atom/" htmlUrl="https://www.schneier.com/" category="/Security"/>',
    )
    const reparsed = parseOpml(exported.stdout)
    expect(reparsed.feeds.map((f) => f.xmlUrl)).toEqual(expect.arrayContaining(sources.map((s) => s.url)))
    expect(reparsed.feeds).toHaveLength(9)

    const exportFile = path.join(path.dirname(file), 'export.opml')
    writeFileSync(exportFile, exported.stdout)
    const again = await runCli(['import-opml', exportFile, '--config', file])
    expect(again.code).toBe(0)
    expect(again.stdout).toContain(`${exportFile}: 0 added, 9 skipped\n`)
    expect(readFileSync(file, 'utf8')).toBe(afterFreshrss)

    // The export read into a fresh feeds.json gives the same sources (a nested folder's every tag
    // comes back through the category attribute).
    const fresh = writeTempConfig(emptyConfig)
    expect((await runCli(['import-opml', exportFile, '--config', fresh])).code).toBe(0)
    const sortById = (list: Written[]): Written[] => [...list].sort((a, b) => a.id.localeCompare(b.id))
    expect(sortById(readSources(fresh))).toEqual(sortById(sources))
  })

  it('--dry-run says what it would add and writes nothing', async () => {
    const file = writeTempConfig(emptyConfig)
    const run = await runCli(['import-opml', miniflux, '--config', file, '--dry-run'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('would add krebs-on-security  https://krebsonsecurity.com/feed/\n')
    expect(run.stdout).toContain(`${miniflux}: 5 to add, 0 skipped\n`)
    expect(readFileSync(file, 'utf8')).toBe(emptyConfig)
  })

  it('refuses a missing file, a file that is not OPML, and an invalid feeds.json, with exit 1', async () => {
    const file = writeTempConfig(emptyConfig)
    const missing = await runCli(['import-opml', 'no-such.opml', '--config', file])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toBe('breachwire import-opml: no-such.opml: file not found\n')

    const html = path.join(fixturesDir, 'sites', 'nothing', 'index.html')
    const notOpml = await runCli(['import-opml', html, '--config', file])
    expect(notOpml.code).toBe(1)
    expect(notOpml.stderr).toBe(
      `breachwire import-opml: ${html}: opml: not an OPML document (its root element is <html>, expected <opml>)\n`,
    )
    expect(readFileSync(file, 'utf8')).toBe(emptyConfig)

    const invalid = writeTempConfig('{ "sources": [ { "id": "a", "url": "https://a.example/", "tgas": [] } ] }\n')
    const bad = await runCli(['import-opml', miniflux, '--config', invalid])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toBe(`${invalid}: sources[0].tgas: unknown key (did you mean "tags"?)\n`)
  })

  it('export-opml leaves html sources out and names them on stderr', async () => {
    const file = writeTempConfig(`{
  "sources": [
    { "id": "feed-one", "title": "Feed One", "url": "https://one.example/feed/", "tags": ["breach"] },
    { "id": "acme-newsroom", "type": "html", "url": "https://acme.example/newsroom/",
      "select": { "item": "main article.post", "title": "h2 a", "link": "h2 a@href" } }
  ]
}
`)
    const run = await runCli(['export-opml', '--config', file])
    expect(run.code).toBe(0)
    expect(run.stderr).toBe('breachwire export-opml: left out 1 html source(s) without a feed: acme-newsroom\n')
    expect(parseOpml(run.stdout).feeds).toEqual([
      { title: 'Feed One', xmlUrl: 'https://one.example/feed/', type: 'rss', tags: ['breach'], position: 2 },
    ])
  })

  it('a large export through a pipe arrives whole (more than a pipe buffer, 64 KB)', async () => {
    const many = Array.from({ length: 1500 }, (_, i) => ({
      id: `s${i}`,
      title: `Source ${i}`,
      url: `https://s${i}.example/feed/`,
      tags: [`folder-${i % 7}`],
    }))
    const file = writeTempConfig(JSON.stringify({ sources: many }, null, 2))
    const run = await runCli(['export-opml', '--config', file])
    expect(run.code).toBe(0)
    expect(run.stdout.length).toBeGreaterThan(100_000)
    expect(run.stdout.endsWith('</body>\n</opml>\n')).toBe(true)
    expect(parseOpml(run.stdout).feeds).toHaveLength(1500)
  })
})
