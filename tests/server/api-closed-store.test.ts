// A store closed under a running server (shutdown, a failed reopen): the API answers 503 JSON,
// never a 500, and /healthz says the database is unavailable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setLogLevel } from '../../src/lib/log.js'
import { makeStore } from '../helpers/store.js'
import { json, makeConfig, makeSource, type Running, send, startApp } from './harness.js'

describe('the API over a closed store', () => {
  let run: Running
  beforeAll(async () => {
    setLogLevel('silent')
    const store = await makeStore(['a'])
    run = await startApp(store, makeConfig([makeSource({ id: 'a' })]))
    await store.close()
  })
  afterAll(async () => run.close())

  it.each(['/api/items', '/api/sources', '/feed.json'])('%s answers 503 database unavailable', async (path) => {
    const res = await send(run.base, path)
    expect(res.status).toBe(503)
    expect(json<{ error: string }>(res).error).toBe('database unavailable')
  })

  it('/healthz answers 503', async () => {
    expect((await send(run.base, '/healthz')).status).toBe(503)
  })
})
