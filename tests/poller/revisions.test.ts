// Edits through the real poller: an Atom feed whose entries have only <updated> (their date is
// their last edit) edits one entry's title and stamps it later. The edit is kept as a revision,
// `updated` is set, and the entry keeps its place in the river.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { validateConfig } from '../../src/config/index.js'
import { setLogLevel } from '../../src/lib/log.js'
import { pollOnce } from '../../src/poller/index.js'
import { openStore } from '../../src/store/index.js'
import type { Store } from '../../src/types.js'
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js'

let srv: FixtureServer
let store: Store

beforeAll(() => setLogLevel('silent'))
beforeEach(async () => {
  srv = await startFixtureServer()
  store = openStore(':memory:')
})
afterEach(async () => {
  await store.close()
  await srv.close()
})

const entry = (id: string, title: string, updated: string) =>
  `<entry><id>urn:x:${id}</id><title>${title}</title><link href="https://desk.example/${id}"/><updated>${updated}</updated><summary>About ${id}</summary></entry>`
const atom = (entries: string[]) =>
  `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title><id>urn:x:desk</id><updated>2026-02-03T00:00:00Z</updated>${entries.join('')}</feed>`

describe('edits through the poller', () => {
  it('keeps the old title as a revision, sets updated, and leaves the entry in its place', async () => {
    const config = validateConfig(
      { settings: { allowPrivateNetworks: true }, sources: [{ id: 'desk', url: `${srv.url}/feed` }] },
      'feeds.json',
    )
    srv.serveBody(
      '/feed',
      atom([entry('b', 'Globex fined', '2026-02-02T00:00:00Z'), entry('a', 'Acme breach hits 1.2M', '2026-02-01T00:00:00Z')]),
      {
        contentType: 'application/atom+xml',
      },
    )
    await pollOnce({ store, config })
    srv.serveBody(
      '/feed',
      atom([entry('a', 'Acme breach hits 2.5M', '2026-02-05T00:00:00Z'), entry('b', 'Globex fined', '2026-02-02T00:00:00Z')]),
      {
        contentType: 'application/atom+xml',
      },
    )
    const report = await pollOnce({ store, config })
    expect(report.outcomes[0]?.counts).toMatchObject({ inserted: 0, updated: 1 })

    const river = (await store.listItems({ limit: 10 })).items
    expect(river.map((item) => item.title)).toEqual(['Globex fined', 'Acme breach hits 2.5M'])
    const acme = river[1]!
    expect(acme).toMatchObject({ published: '2026-02-01T00:00:00.000Z', revisionCount: 1 })
    expect(acme.updated).not.toBeNull()
    const story = await store.getStory(acme.storyId)
    expect(story?.revisions.map((r) => r.changes)).toEqual([{ title: ['Acme breach hits 1.2M', 'Acme breach hits 2.5M'] }])
  })
})
