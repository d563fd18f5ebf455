import { describe, expect, it } from 'vitest'
import { hashFields, hashText } from '../../src/lib/hash.js'

describe('hashText', () => {
  it('is a stable hex prefix of SHA-256', () => {
    // sha256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
    expect(hashText('abc')).toBe('ba7816bf8f01cfea')
    expect(hashText('abc', 64)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(hashText('abc', 8)).toBe('ba7816bf')
  })
})

describe('hashFields', () => {
  it('separates fields unambiguously', () => {
    expect(hashFields(['ab', 'c'])).not.toBe(hashFields(['a', 'bc']))
    expect(hashFields([null])).not.toBe(hashFields(['']))
    expect(hashFields([undefined, 'x'])).toBe(hashFields([null, 'x']))
    expect(hashFields(['a', 'b'])).toBe(hashFields(['a', 'b']))
    expect(hashFields(['a', 'b'])).toMatch(/^[0-9a-f]{16}$/)
  })
})
