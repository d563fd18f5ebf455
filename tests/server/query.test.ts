import { describe, expect, it } from 'vitest'
import { BadQueryError } from '../../src/errors.js'
import { formatItemQuery, parseRawQuery, readItemQuery, readLimit } from '../../src/server/query.js'

const known = new Set(['alpha', 'beta', 'a b'])
const read = async (search: string, allowCursor = true) =>
  readItemQuery(parseRawQuery(search), { isKnownSource: (id) => known.has(id), allowCursor })

describe('readItemQuery', () => {
  it.each([
    ['', { limit: 50 }],
    ['limit=10', { limit: 10 }],
    ['limit=200', { limit: 200 }],
    ['limit=201', { limit: 200 }],
    ['limit=99999999999', { limit: 200 }],
    ['limit=', { limit: 50 }],
    ['source=beta&source=alpha&source=beta', { limit: 50, sources: ['alpha', 'beta'] }],
    ['source=a+b', { limit: 50, sources: ['a b'] }],
    ['category=Health%20Data', { limit: 50, category: 'Health Data' }],
    ['q=+acme+corp+', { limit: 50, q: 'acme corp' }],
    ['q=', { limit: 50 }],
    ['cursor=abc', { limit: 50, cursor: 'abc' }],
    ['unknown=1&&x', { limit: 50 }],
  ])('%s', async (search, expected) => {
    expect(await read(search)).toEqual(expected)
  })

  it('reads no cursor for the feeds', async () => {
    expect(await read('cursor=abc', false)).toEqual({ limit: 50 })
  })

  it.each([
    ['limit=abc', 'Expected `limit` to be an integer from 1 to 200, got `abc`'],
    ['limit=0', 'Expected `limit` to be an integer from 1 to 200, got `0`'],
    ['limit=-1', 'Expected `limit` to be an integer from 1 to 200, got `-1`'],
    ['limit=1e2', 'Expected `limit` to be an integer from 1 to 200, got `1e2`'],
    ['limit=1&limit=2', 'Expected `limit` at most once, got it 2 times'],
    ['q=a&q=b', 'Expected `q` at most once, got it 2 times'],
    ['source=zzz', 'unknown source "zzz"'],
    ['q=%E0%A4%A', 'malformed percent-encoding in the query string'],
    ['%ZZ=1', 'malformed percent-encoding in the query string'],
    [`category=${'c'.repeat(201)}`, 'Expected `category` to be at most 200 characters, got 201'],
  ])('refuses %s', async (search, message) => {
    await expect(read(search)).rejects.toThrow(BadQueryError)
    await expect(read(search)).rejects.toThrow(message)
  })

  it('shortens echoed input in messages', () => {
    expect(() => readLimit(`${'9'.repeat(16)}x${'y'.repeat(60)}`)).toThrow(/got `9{16}xy{23}…`$/)
  })
})

describe('formatItemQuery', () => {
  it('is canonical: equal queries, equal strings', async () => {
    expect(formatItemQuery(await read('source=beta&q=x&source=alpha&limit=50'))).toBe(
      formatItemQuery(await read('q=x&source=alpha&source=beta')),
    )
    expect(formatItemQuery(await read('limit=20&category=a%26b'))).toBe('category=a%26b&limit=20')
  })
})

describe('classifyError', () => {
  it('maps typed errors to statuses and public messages, and hides everything else', async () => {
    const { classifyError } = await import('../../src/server/middleware/errors.js')
    const { HttpError, StoreError } = await import('../../src/errors.js')
    expect(classifyError(new HttpError(404, 'no such source'))).toEqual({ status: 404, message: 'no such source' })
    expect(classifyError(new BadQueryError('cursor is not valid'))).toEqual({ status: 400, message: 'cursor is not valid' })
    expect(classifyError(new URIError('URI malformed'))).toEqual({ status: 400, message: 'malformed percent-encoding in the URL' })
    expect(classifyError(new StoreError('busy', 'store: busy: database is locked'))).toEqual({
      status: 503,
      message: 'database busy, try again shortly',
    })
    expect(classifyError(new StoreError('io', 'store: io: /var/lib/x.db'))).toEqual({ status: 503, message: 'database unavailable' })
    expect(classifyError(Object.assign(new Error("Failed to decode param '%E0'"), { status: 400 }))).toEqual({
      status: 400,
      message: 'bad request',
    })
    expect(classifyError(new Error('/srv/secret'))).toEqual({ status: 500, message: 'internal error' })
    expect(classifyError('a string')).toEqual({ status: 500, message: 'internal error' })
  })
})
