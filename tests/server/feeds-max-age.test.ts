// Cache-Control max-age follows the poll schedule: the shortest interval among the enabled
// sources' schedules (their own or settings.schedule), 60–900 s for feeds, half for the API,
// and it moves when feeds.json changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setLogLevel } from '../../src/lib/log.js'
import { resolveCacheMaxAges } from '../../src/server/http-cache.js'
import type { AppConfig, FeedSource } from '../../src/types.js'
import { makeStore } from '../helpers/store.js'
import { makeConfig, makeSource, type Running, send, settings, startApp } from './harness.js'

function configWith(schedule: string, sources: Partial<FeedSource>[]): AppConfig {
  return { ...makeConfig(sources.map((s, i) => makeSource({ id: `s${i}`, ...s }))), settings: { ...settings, schedule } }
}

describe('resolveCacheMaxAges', () => {
  it.each([
    ['the default schedule', configWith('*/15 * * * *', [{}]), 900, 450],
    ['a source’s own shorter schedule', configWith('*/15 * * * *', [{}, { schedule: '*/5 * * * *' }]), 300, 150],
    ['a disabled source’s schedule is ignored', configWith('*/15 * * * *', [{}, { schedule: '* * * * *', enabled: false }]), 900, 450],
    ['clamped below at 60 s', configWith('*/10 * * * * *', [{}]), 60, 30],
    ['clamped above at 900 s', configWith('0 3 * * *', [{}]), 900, 450],
    ['settings.schedule when no source is enabled', configWith('*/2 * * * *', [{ enabled: false, schedule: '0 * * * *' }]), 120, 60],
  ])('%s', (_name, config, feedSeconds, apiSeconds) => {
    expect(resolveCacheMaxAges(config)).toEqual({ feedSeconds, apiSeconds })
  })
})

describe('Cache-Control on feeds and the API', () => {
  let run: Running
  let config = configWith('*/15 * * * *', [{ schedule: '*/5 * * * *' }])
  beforeAll(async () => {
    setLogLevel('silent')
    run = await startApp(await makeStore(['s0']), () => config)
  })
  afterAll(async () => run.close())

  it('derives max-age from the schedule, on the routed path and the cache-hit path alike, and follows config edits', async () => {
    for (const path of ['/feed.xml', '/feed.atom', '/feed.json']) {
      for (let i = 0; i < 2; i++) expect((await send(run.base, path)).headers['cache-control'], path).toBe('public, max-age=300')
    }
    for (const path of ['/api/items', '/api/sources']) {
      for (let i = 0; i < 2; i++) expect((await send(run.base, path)).headers['cache-control'], path).toBe('public, max-age=150')
    }
    config = configWith('*/15 * * * *', [{ schedule: '*/15 * * * *' }])
    expect((await send(run.base, '/feed.xml')).headers['cache-control']).toBe('public, max-age=900')
    expect((await send(run.base, '/api/items')).headers['cache-control']).toBe('public, max-age=450')
  })
})
