// `breachwire add URL` driven through the real CLI (a child process) against loopback fixture
// sites: a site announcing its feed only with <link rel="alternate">, one with only /feed/, one
// with nothing, direct feed URLs, duplicates and id clashes. Each test checks the exit code,
// what was printed and the exact text of feeds.json afterwards.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/index.js'
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js'
import { runCli, writeTempConfig } from '../helpers/run-cli.js'

const rss = 'application/rss+xml; charset=utf-8'
const html = 'text/html; charset=utf-8'

/** A feeds.json in the shipped file's style: wrapped one-object-per-source entries. */
const baseConfig = `{
  "settings": {
    "timeoutSeconds": 5,
    "allowPrivateNetworks": true
  },
  "sources": [
    { "id": "databreaches", "title": "DataBreaches.net", "url": "https://databreaches.net/feed/",
      "homepage": "https://databreaches.net/", "tags": ["breach"], "enabled": true },
    { "id": "acme-security-blog", "title": "Another blog with the same name", "url": "https://other.example/feed/",
      "homepage": "https://other.example/", "tags": ["security"], "enabled": true }
  ]
}
`
/** Where the last source ends: everything before it must survive byte for byte. */
const cut = baseConfig.lastIndexOf('}', baseConfig.lastIndexOf(']')) + 1

function readAdded(file: string): { inserted: string; sources: Record<string, unknown>[] } {
  const text = readFileSync(file, 'utf8')
  expect(text.slice(0, cut)).toBe(baseConfig.slice(0, cut))
  expect(text.endsWith(baseConfig.slice(cut))).toBe(true)
  const inserted = text.slice(cut, text.length - (baseConfig.length - cut))
  const sources = (JSON.parse(text) as { sources: Record<string, unknown>[] }).sources
  expect(loadConfig(file).sources).toHaveLength(sources.length)
  return { inserted, sources }
}

let linkSite: FixtureServer
let pathSite: FixtureServer
let emptySite: FixtureServer
let feedSite: FixtureServer

beforeAll(async () => {
  linkSite = await startFixtureServer()
  linkSite.serveFile('/', 'sites/link-only/index.html', { contentType: html })
  linkSite.serveFile('/blog/feed.xml', 'sites/feeds/acme-blog.rss.xml', { contentType: rss })
  linkSite.serveFile('/blog/comments/feed/', 'sites/feeds/acme-comments.rss.xml', { contentType: rss })

  pathSite = await startFixtureServer()
  pathSite.serveFile('/', 'sites/feed-path-only/index.html', { contentType: html })
  pathSite.serveFile('/feed/', 'sites/feeds/breach-ledger.atom.xml', { contentType: 'application/atom+xml' })

  emptySite = await startFixtureServer()
  emptySite.serveFile('/', 'sites/nothing/index.html', { contentType: html })

  feedSite = await startFixtureServer()
  feedSite.serveFile('/feed.json', 'sites/feeds/incident-digest.json', { contentType: 'application/feed+json' })
  feedSite.serveFile('/blog/feed.xml', 'sites/feeds/acme-blog.rss.xml', { contentType: rss })
  feedSite.serveFile('/newsroom/', 'sites/newsroom/index.html', { contentType: html })
})

afterAll(async () => {
  await Promise.all([linkSite, pathSite, emptySite, feedSite].map((s) => s?.close()))
})

describe('breachwire add', () => {
  it('finds the feed a page announces with <link rel="alternate"> (relative to <base href>), shows it, appends it in the file\'s style', async () => {
    const file = writeTempConfig(baseConfig)
    const run = await runCli(['add', `${linkSite.url}/`, '--config', file])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toBe(
      [
        `Found RSS "Acme Security Blog" at ${linkSite.url}/blog/feed.xml (announced by the page): 6 item(s)`,
        '  2024-08-05  Notice of Data Security Incident',
        '  2024-08-02  Update on Third-Party Vendor Incident',
        '  2024-07-23  Phishing Campaign Impersonating Acme Support',
        '  2024-06-10  Our Bug Bounty Programme Turns Five',
        '  2024-05-15  Password Reset for Legacy Accounts',
        `Also found: ${linkSite.url}/blog/comments/feed/ (Comments on: Acme Security Blog)`,
        // "acme-security-blog" is taken: the slug is made unique.
        `Added "acme-security-blog-2" to ${file} as sources[2].`,
        '',
      ].join('\n'),
    )
    const { inserted, sources } = readAdded(file)
    expect(inserted).toBe(
      `,\n    { "id": "acme-security-blog-2", "title": "Acme Security Blog", "url": "${linkSite.url}/blog/feed.xml",\n` +
        '      "homepage": "https://acme.example/blog/", "enabled": true }',
    )
    expect(sources[2]).toEqual({
      id: 'acme-security-blog-2',
      title: 'Acme Security Blog',
      url: `${linkSite.url}/blog/feed.xml`,
      homepage: 'https://acme.example/blog/',
      enabled: true,
    })
    // The page announced a working feed, so no usual path was guessed.
    expect(linkSite.hits('/feed/')).toBe(0)
    expect(linkSite.hits('/rss.xml')).toBe(0)
  })

  it('falls back to the usual paths when the page announces nothing: a site with only /feed/', async () => {
    const file = writeTempConfig(baseConfig)
    const run = await runCli(['add', pathSite.url, '--config', file])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`Found Atom "Breach Ledger" at ${pathSite.url}/feed/ (at a usual feed path): 2 item(s)\n`)
    expect(run.stdout).toContain('  2024-08-06  Hospital group notifies 120,000 patients\n')
    expect(run.stdout).not.toContain('Also found')
    const { sources } = readAdded(file)
    expect(sources[2]).toEqual({
      id: 'breach-ledger',
      title: 'Breach Ledger',
      url: `${pathSite.url}/feed/`,
      homepage: 'https://ledger.example/',
      enabled: true,
    })
  })

  it('refuses a site with no feed anywhere, says what it tried, and leaves feeds.json alone', async () => {
    const file = writeTempConfig(baseConfig)
    const run = await runCli(['add', `${emptySite.url}/`, '--config', file])
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain(
      `discover: no feed found for ${emptySite.url}/: it is an HTML page that announces no feed (no <link rel="alternate">), ` +
        `and none of the usual feed URLs answered with a feed (tried ${emptySite.url}/feed/: HTTP 404; ${emptySite.url}/feed: HTTP 404; `,
    )
    expect(run.stderr).toContain(`${emptySite.url}/?feed=rss2: parse: the document is an HTML page, not a feed`)
    expect(readFileSync(file, 'utf8')).toBe(baseConfig)
  })

  it('takes a feed URL as it is, with --title and --tag', async () => {
    const file = writeTempConfig(baseConfig)
    const run = await runCli(['add', `${feedSite.url}/feed.json`, '--config', file, '--title', 'Weekly Incident Digest', '--tag', 'breach'])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`Found JSON Feed "Incident Digest" at ${feedSite.url}/feed.json: 2 item(s)\n`)
    const { sources } = readAdded(file)
    expect(sources[2]).toEqual({
      id: 'weekly-incident-digest',
      title: 'Weekly Incident Digest',
      url: `${feedSite.url}/feed.json`,
      homepage: 'https://digest.example/',
      tags: ['breach'],
      enabled: true,
    })
  })

  it('refuses a URL already in feeds.json (same canonical URL) before fetching anything, and a discovered duplicate after', async () => {
    const file = writeTempConfig(baseConfig)
    expect((await runCli(['add', `${linkSite.url}/`, '--config', file])).code).toBe(0)
    const afterFirst = readFileSync(file, 'utf8')

    feedSite.resetHits()
    const direct = await runCli(['add', `${linkSite.url}/blog/feed.xml/?utm_source=newsletter`, '--config', file])
    expect(direct.code).toBe(1)
    expect(direct.stderr).toBe(
      `breachwire add: ${linkSite.url}/blog/feed.xml/?utm_source=newsletter is already in ${file} as "acme-security-blog-2" (sources[2]) ` +
        `(${linkSite.url}/blog/feed.xml, the same canonical URL); nothing added\n`,
    )
    const viaPage = await runCli(['add', `${linkSite.url}/`, '--config', file])
    expect(viaPage.code).toBe(1)
    expect(viaPage.stderr).toBe(
      `breachwire add: ${linkSite.url}/blog/feed.xml is already in ${file} as "acme-security-blog-2" (sources[2]); nothing added\n`,
    )
    expect(readFileSync(file, 'utf8')).toBe(afterFirst)
  })

  it('refuses an --id already used, and an --id that is not a slug with the validation message, before any fetch', async () => {
    const file = writeTempConfig(baseConfig)
    feedSite.resetHits()
    const clash = await runCli(['add', `${feedSite.url}/feed.json`, '--config', file, '--id', 'databreaches'])
    expect(clash.code).toBe(1)
    expect(clash.stderr).toBe(
      `breachwire add: id "databreaches" is already used in ${file} by sources[0] (https://databreaches.net/feed/); choose another with --id\n`,
    )
    const bad = await runCli(['add', `${feedSite.url}/feed.json`, '--config', file, '--id', 'Not A Slug'])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toBe(
      `${file}: sources[2].id: expected a slug (lowercase letters, digits, ".", "_", "-"; starting with a letter or digit), got "Not A Slug"\n`,
    )
    expect(feedSite.hits('/feed.json')).toBe(0)
    expect(readFileSync(file, 'utf8')).toBe(baseConfig)
  })

  it('adds a page without a feed with --type html and --select-* rules, and refuses rules that match nothing', async () => {
    const file = writeTempConfig(baseConfig)
    const rules = [
      '--select-item',
      'main article.post',
      '--select-title',
      'h2 a',
      '--select-link',
      'h2 a@href',
      '--select-date',
      'time@datetime',
    ]
    const none = await runCli([
      'add',
      `${feedSite.url}/newsroom/`,
      '--config',
      file,
      '--type',
      'html',
      ...rules.slice(0, 1),
      'main li.post',
      ...rules.slice(2),
    ])
    expect(none.code).toBe(1)
    expect(none.stderr).toBe(`extract: select.item "main li.post" matched nothing on ${feedSite.url}/newsroom/\n`)
    expect(readFileSync(file, 'utf8')).toBe(baseConfig)

    const missing = await runCli(['add', `${feedSite.url}/newsroom/`, '--config', file, '--type', 'html', '--select-item', 'article'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toBe(`${file}: sources[2].select.title: required\n${file}: sources[2].select.link: required\n`)

    const run = await runCli(['add', `${feedSite.url}/newsroom/`, '--config', file, '--type', 'html', '--id', 'acme-newsroom', ...rules])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(
      `Found HTML page "Newsroom | Acme Corp" at ${feedSite.url}/newsroom/: 3 item(s)\n  2024-08-05  Notice of Data Security Incident\n`,
    )
    const { sources } = readAdded(file)
    expect(sources[2]).toEqual({
      id: 'acme-newsroom',
      title: 'Newsroom | Acme Corp',
      type: 'html',
      url: `${feedSite.url}/newsroom/`,
      select: { item: 'main article.post', title: 'h2 a', link: 'h2 a@href', date: 'time@datetime' },
      enabled: true,
    })
  })

  it('reports an invalid feeds.json exactly as loading it would, and a missing URL with the usage', async () => {
    const file = writeTempConfig('{ "sources": [ { "id": "a", "url": "nope" } ] }\n')
    const run = await runCli(['add', `${feedSite.url}/feed.json`, '--config', file])
    expect(run.code).toBe(1)
    expect(run.stderr).toBe(`${file}: sources[0].url: not a URL\n`)
    const noUrl = await runCli(['add', '--config', file])
    expect(noUrl.code).toBe(1)
    expect(noUrl.stderr).toMatch(/^breachwire add: expected one URL, got none\n\nusage: breachwire add URL /)
  })
})
