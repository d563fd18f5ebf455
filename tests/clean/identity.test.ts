// Identity keys are stored: a change to how they are computed orphans every stored item, so the
// expected keys are literals (computed once with sha256sum), not recomputed with our own hash.
import { describe, expect, it } from 'vitest'
import { computeIdentityKey } from '../../src/clean/identity.js'
import { cleanUrl } from '../../src/lib/url.js'

describe('computeIdentityKey', () => {
  it('prefers the guid, trimmed', () => {
    const a = computeIdentityKey({ guid: ' tag:x,2024:1 ', url: 'https://x.example/a', title: 'A' })
    const b = computeIdentityKey({ guid: 'tag:x,2024:1', url: 'https://x.example/b', title: 'B retitled' })
    expect(a).toBe(b)
    expect(a).toBe('839e4aba386396fc') // sha256('guid:tag:x,2024:1'), first 16 hex digits
  })

  it('falls back to the cleaned link', () => {
    const a = computeIdentityKey({ guid: '', url: 'https://x.example/a', title: 'A' })
    expect(a).toBe('f94003f52a3f88cf') // sha256('link:https://x.example/a'), first 16 hex digits
    expect(computeIdentityKey({ url: 'https://x.example/a', title: 'other title' })).toBe(a)
  })

  it('then to title + raw date', () => {
    const a = computeIdentityKey({ title: 'A', rawDate: 'Mon, 05 Aug 2024 14:03:00 GMT' })
    expect(a).toBe('534bfb0d989168d1') // sha256('title:A|Mon, 05 Aug 2024 14:03:00 GMT'), first 16 hex digits
    expect(computeIdentityKey({ title: 'A', rawDate: 'Tue, 06 Aug 2024 14:03:00 GMT' })).not.toBe(a)
  })

  it('gives one key for the same link with different utm parameters', () => {
    const key = (href: string): string => computeIdentityKey({ url: cleanUrl(href), title: 't' })
    expect(key('https://x.example/story?id=1&utm_source=rss')).toBe(key('https://x.example/story?utm_medium=email&id=1'))
    expect(key('https://x.example/story?id=1')).not.toBe(key('https://x.example/story?id=2'))
  })

  it('does not confuse a guid with an equal link', () => {
    expect(computeIdentityKey({ guid: 'https://x.example/a', title: '' })).not.toBe(
      computeIdentityKey({ url: 'https://x.example/a', title: '' }),
    )
  })
})
