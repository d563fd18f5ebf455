// The combined feeds as stories: one entry per story with a stable id whose <updated> and content
// change when a follow-up report joins, and ?each=report with every report linking its story.
// Reports are filed by the poller's own story step (storeItems), so the merge is the real one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setLogLevel } from '../../src/lib/log.js'
import { storeItems } from '../../src/poller/store-items.js'
import type { Store } from '../../src/types.js'
import { evaluateXpath, validateAtomSchemas, validateJsonFeed } from '../feed-export/validators.js'
import { makeItem, makeStore } from '../helpers/store.js'
import { requireTools } from '../helpers/tools.js'
import { hoursAgo, makeConfig, makeSource, NOW, type Running, send, startApp } from './harness.js'

const hasJing = await requireTools('story feeds schema check (tests/server/story-feeds)', ['jing'])
const alpha = makeSource({ id: 'alpha', title: 'Alpha News', homepage: 'https://alpha.example/' })
const beta = makeSource({ id: 'beta', title: 'Beta Privacy', homepage: 'https://beta.example/' })
const ORIGINAL = 'https://alpha.example/2026/acme-breach'

const entryXpath = (n: number, path: string): string =>
  `string(//*[local-name()="entry"][${n}]/${path.replace(/(^|\/)(\w+)/g, '$1*[local-name()="$2"]')})`

describe('story feeds', () => {
  let run: Running
  let store: Store
  beforeAll(async () => {
    setLogLevel('silent')
    store = await makeStore()
    await store.syncSources([alpha, beta])
    const first = makeItem({ sourceId: 'alpha', url: ORIGINAL, title: 'Acme discloses data breach', publishedAt: hoursAgo(6) })
    await storeItems(store, alpha, [first], hoursAgo(6))
    run = await startApp(store, makeConfig([alpha, beta]))
  })
  afterAll(async () => run.close())

  it('keep one entry per story whose updated date and content move when a follow-up joins', async () => {
    const before = await send(run.base, '/feed.atom')
    expect(before.status).toBe(200)
    expect(evaluateXpath(before.text, 'count(//*[local-name()="entry"])')).toBe('1')
    const id = evaluateXpath(before.text, entryXpath(1, 'id'))
    expect(id).toMatch(new RegExp(`^${run.base}/stories/\\d+$`))
    expect(evaluateXpath(before.text, entryXpath(1, 'updated'))).toBe(hoursAgo(6).replace('.000Z', 'Z'))

    // A second source's post citing the first joins its story three hours later.
    const follow = makeItem({
      sourceId: 'beta',
      url: 'https://beta.example/acme-follow-up',
      title: 'Acme raises breach count to 2.5 million',
      contentHtml: `<p>As <a href="${ORIGINAL}">Alpha News reported</a>, Acme was breached; the count is now 2.5 million.</p>`,
      publishedAt: hoursAgo(3),
    })
    await storeItems(store, beta, [follow], NOW.toISOString())

    const after = await send(run.base, '/feed.atom', { headers: { 'if-none-match': String(before.headers.etag) } })
    expect(after.status).toBe(200)
    expect(evaluateXpath(after.text, 'count(//*[local-name()="entry"])')).toBe('1')
    expect(evaluateXpath(after.text, entryXpath(1, 'id'))).toBe(id)
    expect(evaluateXpath(after.text, entryXpath(1, 'updated'))).toBe(hoursAgo(3).replace('.000Z', 'Z'))
    expect(evaluateXpath(after.text, entryXpath(1, 'published'))).toBe(hoursAgo(6).replace('.000Z', 'Z'))
    const content = evaluateXpath(after.text, entryXpath(1, 'content'))
    expect(content).toContain('2 reports')
    expect(content).toContain('Acme raises breach count to 2.5 million')
    expect(content).toContain(id)

    const jsonFeed = await send(run.base, '/feed.json')
    expect(validateJsonFeed(jsonFeed.text).problems).toBe('')
    const items = (JSON.parse(jsonFeed.text) as { items: { id: string; date_modified: string }[] }).items
    expect(items.map((i) => [i.id, i.date_modified])).toEqual([[id, hoursAgo(3).replace('.000Z', 'Z')]])
    const rss = await send(run.base, '/feed.xml')
    expect(evaluateXpath(rss.text, 'string(//item[1]/guid)')).toBe(id)
    if (hasJing) expect(validateAtomSchemas([after.text])).toBe('')
  })

  it('list every report with ?each=report, each linking its story', async () => {
    const res = await send(run.base, '/feed.atom?each=report')
    expect(res.status).toBe(200)
    expect(evaluateXpath(res.text, 'count(//*[local-name()="entry"])')).toBe('2')
    expect(evaluateXpath(res.text, entryXpath(1, 'title'))).toBe('Acme raises breach count to 2.5 million')
    expect(evaluateXpath(res.text, entryXpath(2, 'title'))).toBe('Acme discloses data breach')
    const story = evaluateXpath((await send(run.base, '/feed.atom')).text, entryXpath(1, 'id'))
    for (const n of [1, 2]) expect(evaluateXpath(res.text, entryXpath(n, 'content'))).toContain(`href="${story}"`)
    if (hasJing) expect(validateAtomSchemas([res.text])).toBe('')
    const json = await send(run.base, '/feed.json?each=report')
    expect(validateJsonFeed(json.text).titles).toEqual(['Acme raises breach count to 2.5 million', 'Acme discloses data breach'])
    expect((await send(run.base, '/feed.xml?each=reports')).status).toBe(400)
  })
})
