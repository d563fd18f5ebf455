// Issue 14: terminal escapes and bidi spoofing from feed bytes, through the real CLI and poller.
// A feed's titles carry ESC sequences, bidi overrides/isolates and soft hyphens; another source
// answers broken JSON whose parse error quotes an ESC byte. Nothing of it reaches the terminal
// raw (poll lines, the sources table, human log lines) or the stored titles.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../../src/store/index.js'
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js'
import { makeWorkDir, runCli, writeConfig } from '../helpers/run-cli.js'

const ESC = '\u001b'
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/

const rss = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Spoof\u202e News\u2066</title><link>https://spoof.example/</link>
<item><title>Breach ${ESC}[2J${ESC}]0;pwned${ESC}\\ at Acme\u202egpj.exe</title><link>https://spoof.example/a</link>
<author>mal\u00adlory\u2067</author><description>Sum\u202emary</description><guid>a</guid></item>
</channel></rss>`

let srv: FixtureServer
let dir: string

beforeAll(async () => {
  srv = await startFixtureServer()
  srv.serveBody('/spoof.xml', rss, { contentType: 'application/rss+xml' })
  srv.serveBody('/broken.json', `{"version": "https://jsonfeed.org/version/1.1", "items": [${ESC}[31m}`, {
    contentType: 'application/feed+json',
  })
  dir = makeWorkDir()
  writeConfig(dir, {
    settings: { allowPrivateNetworks: true, timeoutSeconds: 5 },
    sources: [
      { id: 'spoof', url: `${srv.url}/spoof.xml` },
      { id: 'broken', url: `${srv.url}/broken.json` },
    ],
  })
})
afterAll(async () => {
  await srv.close()
})

describe('hostile text through poll and sources', () => {
  it('poll lines and human log lines carry no raw controls; the JSON error snippet shows \\x1b', async () => {
    const run = await runCli(['poll', '--log-format', 'human'], { cwd: dir, log: 'info' })
    expect(run.code).toBe(0)
    expect(run.stdout).not.toMatch(RAW)
    expect(run.stderr).not.toMatch(RAW)
    const broken = run.stdout.split('\n').find((line) => line.startsWith('broken'))
    expect(broken).toMatch(/failed: .*\\x1b/)
    expect(run.stdout).toMatch(/^spoof\s+new 1, updated 0$/m)
    // The human log's failure line quotes the same error, escaped.
    expect(run.stderr).toContain('\\x1b')
  })

  it('the sources table escapes the stored error; --json escapes it as JSON', async () => {
    const table = await runCli(['sources'], { cwd: dir })
    expect(table.code).toBe(0)
    expect(table.stdout).not.toMatch(RAW)
    expect(table.stdout).toMatch(/^broken\s+failing \(1x\).*\\x1b/m)
    const json = await runCli(['sources', '--json'], { cwd: dir })
    expect(json.stdout).not.toMatch(RAW)
    const api = JSON.parse(json.stdout) as { id: string; lastError: string | null }[]
    expect(api.find((s) => s.id === 'broken')?.lastError).toContain(ESC)
  })

  it('stored titles, authors and summaries lost bidi controls, soft hyphens and ESC', async () => {
    const store = openStore(path.join(dir, 'data', 'breachwire.db'), { readonly: true })
    try {
      const page = await store.listItems({ sources: ['spoof'], limit: 10 })
      const item = page.items[0]!
      expect(item.title).toBe('Breach [2J]0;pwned\\ at Acmegpj.exe')
      expect(item.author).toBe('mallory')
      expect(item.summary).toBe('Summary')
      expect((await store.getSource('spoof'))?.title).toBe('Spoof News')
    } finally {
      await store.close()
    }
  })
})
