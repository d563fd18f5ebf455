import { mkdtempSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { watchConfig } from '../../src/config/index.js'
import type { AppConfig } from '../../src/types.js'

const stops: (() => void)[] = []
afterEach(() => {
  for (const stop of stops.splice(0)) stop()
})

const body = (ids: string[]) => JSON.stringify({ sources: ids.map((id) => ({ id, url: `https://${id}.example/feed` })) })

async function waitFor(what: string, cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

function setup(): { file: string; changes: AppConfig[]; errors: string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'bw-watch-'))
  const file = path.join(dir, 'feeds.json')
  writeFileSync(file, body(['a']))
  const changes: AppConfig[] = []
  const errors: string[] = []
  stops.push(
    watchConfig(
      file,
      (c) => changes.push(c),
      (e) => errors.push((e as Error).message),
      { debounceMs: 50, pollMs: 300 },
    ),
  )
  return { file, changes, errors }
}

describe('watchConfig', () => {
  it('reports a valid edit, refuses an invalid one, and reports the fix', async () => {
    const { file, changes, errors } = setup()
    writeFileSync(file, body(['a', 'b']))
    await waitFor('the edit', () => changes.length === 1)
    expect(changes[0]?.sources.map((s) => s.id)).toEqual(['a', 'b'])
    expect(changes[0]?.path).toBe(file)

    writeFileSync(file, '{"sources": [ {"id": "a", "url": "nope"} ]}')
    await waitFor('the error', () => errors.length === 1)
    expect(errors[0]).toBe(`${file}: sources[0].url: not a URL`)

    writeFileSync(file, body(['c']))
    await waitFor('the fix', () => changes.length === 2)
    expect(changes[1]?.sources.map((s) => s.id)).toEqual(['c'])
    expect(errors).toHaveLength(1)
  })

  it('sees a file replaced by rename (how many editors save) and ignores saves that change nothing', async () => {
    const { file, changes } = setup()
    writeFileSync(file, body(['a'])) // same content: not a change
    const tmp = `${file}.tmp`
    writeFileSync(tmp, body(['x', 'y']))
    renameSync(tmp, file)
    await waitFor('the renamed file', () => changes.length >= 1)
    await new Promise((r) => setTimeout(r, 700)) // a poll cycle or two: no repeat for the same content
    expect(changes.map((c) => c.sources.map((s) => s.id))).toEqual([['x', 'y']])
  })
})
