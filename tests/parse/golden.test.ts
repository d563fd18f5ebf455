// Every parseable fixture against its reviewed expected ParsedFeed (tests/parse/golden/*.json).

import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseFeed } from '../../src/parse/index.js'
import { contentTypeFor, feedUrlFor, goldenDir, parseableFixtures, readFixture } from './helpers.js'

describe('parseFeed golden outputs', () => {
  it.each(parseableFixtures)('%s', async (name) => {
    const golden = JSON.parse(readFileSync(`${goldenDir + name.replace(/\.\w+$/, '')}.json`, 'utf8'))
    const feed = await parseFeed(readFixture(name), { url: feedUrlFor(name), contentType: contentTypeFor(name) })
    expect(feed).toEqual(golden)
  })
})
