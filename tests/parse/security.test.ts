// Entity expansion and external entities: nothing expands, nothing is read, nothing is fetched.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseFeed } from '../../src/parse/index.js'
import { readFixture } from './helpers.js'

const secret = 'BREACHWIRE-SECRET-7f3a91'
let dir = ''
let hits = 0
let server: ReturnType<typeof createServer>
let port = 0

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parse-xxe-'))
  writeFileSync(join(dir, 'secret.txt'), secret)
  server = createServer((_req, res) => {
    hits++
    res.end(`<!ENTITY leak "${secret}">`)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

const allText = (value: unknown): string => JSON.stringify(value)

describe('DTD attacks', () => {
  it('billion laughs: no expansion, the references stay literal, output stays small', async () => {
    const feed = await parseFeed(readFixture('billion-laughs.xml'), { url: 'https://laughs.example/feed' })
    expect(feed.title).toBe('Laughs &lol9;')
    expect(feed.items[0]?.title).toBe('Item &lol9;')
    expect(feed.items[0]?.summary).toBe('&lol9;&lol9;&lol9;')
    expect(allText(feed)).not.toContain('lollol')
    expect(allText(feed).length).toBeLessThan(2000)
  })

  it('XXE fixture: /etc/passwd is never read', async () => {
    const feed = await parseFeed(readFixture('xxe.xml'), { url: 'https://xxe.example/feed' })
    expect(feed.items[0]?.title).toBe('Leak: &xxe;')
    expect(feed.items[0]?.summary).toBe('Before &xxe; after &remote; end')
    expect(allText(feed)).not.toMatch(/root:|nologin|\/bin\/(ba)?sh/)
  })

  it.each(['rss', 'atom', 'rdf'])('%s: a SYSTEM entity to a local file or a loopback URL reads and fetches nothing', async (kind) => {
    const fileUrl = `file://${join(dir, 'secret.txt')}`
    const dtd = `<!DOCTYPE x [<!ENTITY file SYSTEM "${fileUrl}"><!ENTITY net SYSTEM "http://127.0.0.1:${port}/x"><!ENTITY % p SYSTEM "http://127.0.0.1:${port}/p.dtd"> %p;]>`
    const docs: Record<string, string> = {
      rss: `<?xml version="1.0"?>${dtd}<rss version="2.0"><channel><title>&file;</title><item><title>&net;</title><description>&leak;</description><link>https://e.example/1</link></item></channel></rss>`,
      atom: `<?xml version="1.0"?>${dtd}<feed xmlns="http://www.w3.org/2005/Atom"><title>&file;</title><entry><id>1</id><title>&net;</title><content>&leak;</content></entry></feed>`,
      rdf: `<?xml version="1.0"?>${dtd}<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>&file;</title></channel><item><title>&net;</title><link>https://e.example/1</link><description>&leak;</description></item></rdf:RDF>`,
    }
    const feed = await parseFeed(docs[kind] ?? '', { url: 'https://e.example/feed' })
    expect(feed.title).toBe('&file;')
    expect(feed.items[0]?.title).toBe('&net;')
    expect(allText(feed)).not.toContain(secret)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(hits).toBe(0)
    expect(readFileSync(join(dir, 'secret.txt'), 'utf8')).toBe(secret)
  })

  it('a huge internal subset is skipped in linear time', async () => {
    const entities = Array.from({ length: 20_000 }, (_, i) => `<!ENTITY e${i} "&e${i + 1};&e${i + 1};">`).join('\n')
    const doc = `<?xml version="1.0"?><!DOCTYPE rss [${entities}]><rss version="2.0"><channel><title>&e0;</title></channel></rss>`
    const feed = await parseFeed(doc, { url: 'https://e.example/feed' })
    expect(feed.title).toBe('&e0;')
  })
})
