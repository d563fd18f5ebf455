import { describe, expect, it } from 'vitest'
import { makeItem, makeSource, makeStore } from '../helpers/store.js'

describe('syncSources / listSources / updateSourceState', () => {
  it('creates rows from the config, title defaulting to the id, in config order', () => {
    const store = makeStore()
    store.syncSources([makeSource({ id: 'zeta', title: 'Zeta News' }), makeSource({ id: 'alpha' })])
    const list = store.listSources()
    expect(list.map((s) => s.id)).toEqual(['zeta', 'alpha'])
    expect(list[0]).toMatchObject({ title: 'Zeta News', fetchUrl: 'https://zeta.example/feed.xml', inConfig: true, enabled: true, itemCount: 0 })
    expect(list[1]!.title).toBe('alpha')
  })

  it('keeps fetch_url and validators while the url is unchanged, resets them when it changes', () => {
    const store = makeStore()
    store.syncSources([makeSource({ id: 'a' })])
    store.updateSourceState('a', { fetchUrl: 'https://moved.example/feed', etag: '"v1"', lastModified: 'Mon, 01 Jan 2026 00:00:00 GMT' })
    store.syncSources([makeSource({ id: 'a', title: 'A' })])
    expect(store.getSource('a')).toMatchObject({ fetchUrl: 'https://moved.example/feed', etag: '"v1"', title: 'A' })
    store.syncSources([makeSource({ id: 'a', url: 'https://new.example/rss' })])
    expect(store.getSource('a')).toMatchObject({ url: 'https://new.example/rss', fetchUrl: 'https://new.example/rss', etag: null, lastModified: null, title: 'A' })
  })

  it('marks sources missing from the config as not in config, keeping their items, listed last', () => {
    const store = makeStore()
    store.syncSources([makeSource({ id: 'a' }), makeSource({ id: 'b' })])
    store.upsertItems('a', [makeItem({ sourceId: 'a' })], '2026-01-01T00:00:00.000Z')
    store.syncSources([makeSource({ id: 'b' })])
    expect(store.listSources().map((s) => [s.id, s.inConfig, s.itemCount])).toEqual([
      ['b', true, 0],
      ['a', false, 1],
    ])
    store.syncSources([makeSource({ id: 'a' }), makeSource({ id: 'b' })])
    expect(store.getSource('a')!.inConfig).toBe(true)
  })

  it('a server-side disable (410) survives a sync until the url changes', () => {
    const store = makeStore()
    store.syncSources([makeSource({ id: 'a' })])
    store.updateSourceState('a', { enabled: false, disabledReason: 'gone (410)' })
    store.syncSources([makeSource({ id: 'a' })])
    expect(store.getSource('a')).toMatchObject({ enabled: false, disabledReason: 'gone (410)' })
    store.syncSources([makeSource({ id: 'a', url: 'https://elsewhere.example/feed' })])
    expect(store.getSource('a')).toMatchObject({ enabled: true, disabledReason: null })
    store.syncSources([makeSource({ id: 'a', url: 'https://elsewhere.example/feed', enabled: false })])
    expect(store.getSource('a')!.enabled).toBe(false)
  })

  it('updateSourceState writes only the given fields', () => {
    const store = makeStore()
    store.syncSources([makeSource({ id: 'a', homepage: 'https://a.example/' })])
    store.updateSourceState('a', { lastTriedAt: '2026-01-01T00:00:00.000Z', lastStatus: 500, lastError: 'fetch: boom', consecutiveFailures: 2 })
    store.updateSourceState('a', { lastStatus: null, nextRunAt: '2026-01-01T00:15:00.000Z', lastError: undefined })
    expect(store.getSource('a')).toMatchObject({
      lastTriedAt: '2026-01-01T00:00:00.000Z',
      lastStatus: null,
      lastError: 'fetch: boom',
      consecutiveFailures: 2,
      nextRunAt: '2026-01-01T00:15:00.000Z',
      homepage: 'https://a.example/',
      lastSuccessAt: null,
    })
    store.updateSourceState('a', {})
    expect(store.getSource('missing')).toBeUndefined()
  })
})
