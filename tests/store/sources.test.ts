import { describe, expect, it } from 'vitest'
import { makeItem, makeSource, makeStore } from '../helpers/store.js'

describe('syncSources / listSources / updateSourceState', () => {
  it('creates rows from the config, title defaulting to the id, in config order', async () => {
    const store = await makeStore()
    await store.syncSources([makeSource({ id: 'zeta', title: 'Zeta News' }), makeSource({ id: 'alpha' })])
    const list = await store.listSources()
    expect(list.map((s) => s.id)).toEqual(['zeta', 'alpha'])
    expect(list[0]).toMatchObject({
      title: 'Zeta News',
      fetchUrl: 'https://zeta.example/feed.xml',
      inConfig: true,
      enabled: true,
      itemCount: 0,
    })
    expect(list[1]!.title).toBe('alpha')
  })

  it('keeps fetch_url and validators while the url is unchanged, resets them when it changes', async () => {
    const store = await makeStore()
    await store.syncSources([makeSource({ id: 'a' })])
    await store.updateSourceState('a', {
      fetchUrl: 'https://moved.example/feed',
      etag: '"v1"',
      lastModified: 'Mon, 01 Jan 2026 00:00:00 GMT',
    })
    await store.syncSources([makeSource({ id: 'a', title: 'A' })])
    expect(await store.getSource('a')).toMatchObject({ fetchUrl: 'https://moved.example/feed', etag: '"v1"', title: 'A' })
    await store.syncSources([makeSource({ id: 'a', url: 'https://new.example/rss' })])
    expect(await store.getSource('a')).toMatchObject({
      url: 'https://new.example/rss',
      fetchUrl: 'https://new.example/rss',
      etag: null,
      lastModified: null,
      title: 'A',
    })
  })

  it('marks sources missing from the config as not in config, keeping their items, listed last', async () => {
    const store = await makeStore()
    await store.syncSources([makeSource({ id: 'a' }), makeSource({ id: 'b' })])
    await store.upsertItems('a', [makeItem({ sourceId: 'a' })], '2026-01-01T00:00:00.000Z')
    await store.syncSources([makeSource({ id: 'b' })])
    expect((await store.listSources()).map((s) => [s.id, s.inConfig, s.itemCount])).toEqual([
      ['b', true, 0],
      ['a', false, 1],
    ])
    await store.syncSources([makeSource({ id: 'a' }), makeSource({ id: 'b' })])
    expect((await store.getSource('a'))!.inConfig).toBe(true)
  })

  it('a server-side disable (410) survives a sync until the url changes', async () => {
    const store = await makeStore()
    await store.syncSources([makeSource({ id: 'a' })])
    await store.updateSourceState('a', { enabled: false, disabledReason: 'gone (410)' })
    await store.syncSources([makeSource({ id: 'a' })])
    expect(await store.getSource('a')).toMatchObject({ enabled: false, disabledReason: 'gone (410)' })
    await store.syncSources([makeSource({ id: 'a', url: 'https://elsewhere.example/feed' })])
    expect(await store.getSource('a')).toMatchObject({ enabled: true, disabledReason: null })
    await store.syncSources([makeSource({ id: 'a', url: 'https://elsewhere.example/feed', enabled: false })])
    expect((await store.getSource('a'))!.enabled).toBe(false)
  })

  it('updateSourceState writes only the given fields', async () => {
    const store = await makeStore()
    await store.syncSources([makeSource({ id: 'a', homepage: 'https://a.example/' })])
    await store.updateSourceState('a', {
      lastTriedAt: '2026-01-01T00:00:00.000Z',
      lastStatus: 500,
      lastError: 'fetch: boom',
      consecutiveFailures: 2,
    })
    await store.updateSourceState('a', { lastStatus: null, nextRunAt: '2026-01-01T00:15:00.000Z', lastError: undefined })
    expect(await store.getSource('a')).toMatchObject({
      lastTriedAt: '2026-01-01T00:00:00.000Z',
      lastStatus: null,
      lastError: 'fetch: boom',
      consecutiveFailures: 2,
      nextRunAt: '2026-01-01T00:15:00.000Z',
      homepage: 'https://a.example/',
      lastSuccessAt: null,
    })
    await store.updateSourceState('a', {})
    expect(await store.getSource('missing')).toBeUndefined()
  })
})
