// Story takeover (issue 14): which new reports may lead a story on their own date, and the
// same-URL window. Pure functions; the store and poller sides are in tests/store-pg/conformance
// and tests/stories/takeover.
import { describe, expect, it } from 'vitest'
import { judgeCredibility, siteOf } from '../../src/dedup/credibility.js'
import { collectEvidence } from '../../src/dedup/evidence.js'
import { matchStory, SAME_URL_WINDOW_HOURS } from '../../src/dedup/match.js'
import type { StoryEvidence } from '../../src/types.js'
import { makeItem } from '../helpers/store.js'

const source = { url: 'https://feeds.legit.example/rss', homepage: 'https://www.legit.example/' }
const seen = '2026-03-10T12:00:00.000Z'
const hoursBefore = (h: number) => new Date(Date.parse(seen) - h * 3_600_000).toISOString()
const report = (over: Partial<Parameters<typeof judgeCredibility>[0]> = {}) => ({
  url: 'https://legit.example/2026/03/breach',
  publishedAt: hoursBefore(2),
  firstSeenAt: seen,
  joinsStory: true,
  checkDate: true,
  ...over,
})

describe('judgeCredibility', () => {
  it('a report on its own site, dated near when it was seen, is credible', () => {
    expect(judgeCredibility(report(), source)).toBe(true)
    expect(judgeCredibility(report({ url: 'https://blog.legit.example/x' }), { url: 'https://legit.example/feed' })).toBe(true)
  })

  it('a report whose link is on another source’s site is not, whatever its date', () => {
    expect(judgeCredibility(report({ url: 'https://victim.example/2026/03/breach' }), source)).toBe(false)
    expect(judgeCredibility(report({ url: 'https://victim.example/a', joinsStory: false, checkDate: false }), source)).toBe(false)
  })

  it('a report backdated more than 48 h into an existing story is not; founding a story or a first fetch is', () => {
    expect(judgeCredibility(report({ publishedAt: hoursBefore(47) }), source)).toBe(true)
    expect(judgeCredibility(report({ publishedAt: hoursBefore(49) }), source)).toBe(false)
    expect(judgeCredibility(report({ publishedAt: hoursBefore(49), joinsStory: false }), source)).toBe(true)
    expect(judgeCredibility(report({ publishedAt: hoursBefore(49), checkDate: false }), source)).toBe(true)
  })

  it('reads sites by their last labels, keeps short second levels under country codes, and IPs whole', () => {
    expect(siteOf('https://news.bbc.co.uk/a')).toBe('bbc.co.uk')
    expect(siteOf('https://www.example.com/a')).toBe('example.com')
    expect(siteOf('http://127.0.0.1:8080/feed')).toBe('127.0.0.1')
    expect(siteOf('not a url')).toBeUndefined()
    expect(judgeCredibility(report({ url: 'https://bbc.co.uk/x' }), { url: 'https://other.co.uk/feed' })).toBe(false)
  })
})

describe('same-URL matching has a time window', () => {
  const evidence = (publishedAt: string, sourceId: string): StoryEvidence =>
    collectEvidence(makeItem({ sourceId, url: 'https://legit.example/2026/03/breach', title: 'Acme breach', publishedAt }), source)
  const stored = { itemId: 1, storyId: 1, sourceId: 'legit', evidence: evidence(seen, 'legit') }

  it('joins within the window, not a copy dated far from the original', () => {
    expect(matchStory(evidence(hoursBefore(SAME_URL_WINDOW_HOURS - 1), 'other'), [stored], 'other')).toMatchObject({ reason: 'same_url' })
    expect(matchStory(evidence(hoursBefore(SAME_URL_WINDOW_HOURS + 1), 'other'), [stored], 'other')).toBeNull()
  })
})
