// A real feed reader reads the served feeds: newsboat reloads RSS and Atom from the loopback
// server, and its cache then holds every entry. Needs newsboat (tests/helpers/tools.ts decides).
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stripIllegalXmlChars } from '../../src/feed-export/xml.js'
import { setLogLevel } from '../../src/lib/log.js'
import type { ItemPage } from '../../src/types.js'
import { requireTools } from '../helpers/tools.js'
import { buildNewsroom } from './fixtures.js'
import { json, type Running, send, startApp } from './harness.js'

const hasNewsboat = await requireTools('newsboat reads the served feeds (tests/server/newsboat)', ['newsboat'])

function runNewsboat(args: string[], home: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // Async on purpose: the server answering newsboat runs in this same process.
    const child = spawn('newsboat', args, {
      env: { ...process.env, HOME: home, TERM: 'dumb', LANG: 'C.UTF-8' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    })
  })
}

describe.skipIf(!hasNewsboat)('newsboat', () => {
  let run: Running
  let dir: string
  beforeAll(async () => {
    setLogLevel('silent')
    const { store, config } = await buildNewsroom()
    run = await startApp(store, config)
    dir = mkdtempSync(join(tmpdir(), 'breachwire-newsboat-'))
  })
  afterAll(async () => {
    await run.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('reloads the RSS and Atom feeds and stores every entry', async () => {
    const urls = join(dir, 'urls')
    const cache = join(dir, 'cache.db')
    const conf = join(dir, 'config')
    writeFileSync(urls, `${run.base}/feed.xml\n${run.base}/feed.atom?category=fines\n`)
    writeFileSync(conf, 'download-retries 1\ndownload-timeout 10\n')
    const reload = await runNewsboat(['-u', urls, '-c', cache, '-C', conf, '-x', 'reload'], dir)
    expect(reload.code, reload.output).toBe(0)
    const unread = await runNewsboat(['-u', urls, '-c', cache, '-C', conf, '-x', 'print-unread'], dir)
    const river = json<ItemPage>(await send(run.base, '/api/items')).items
    // newsboat keys articles by guid across feeds: a story's entry has one id (its story page) in
    // every feed, so the fines story, in both feeds, is one article.
    const fines = json<ItemPage>(await send(run.base, '/api/items?category=fines')).items
    expect(fines).toHaveLength(1)
    expect(river.map((item) => item.storyId)).toContain(fines[0]!.storyId)
    expect(unread.output).toMatch(new RegExp(`^${river.length} unread articles`, 'm'))

    // newsboat's cache is SQLite: read it directly.
    const db = new Database(cache, { readonly: true, fileMustExist: true })
    const titlesIn = (feedUrl: string): string[] =>
      (db.prepare('select title from rss_item where feedurl = ?').all(feedUrl) as { title: string }[]).map((row) => row.title).sort()
    // The fines story is kept once, under whichever feed newsboat read it from last.
    const fromFines = titlesIn(`${run.base}/feed.atom?category=fines`)
    expect(fromFines.filter((title) => title !== 'Globex fined for leaking customer data')).toEqual([])
    expect([...titlesIn(`${run.base}/feed.xml`), ...fromFines].sort()).toEqual(river.map((item) => stripIllegalXmlChars(item.title)).sort())
    db.close()
  }, 60_000)
})
