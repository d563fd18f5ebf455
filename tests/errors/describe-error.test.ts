import { describe, expect, it } from 'vitest'
import { ConfigErrorList } from '../../src/config/index.js'
import { DiscoverError } from '../../src/discover/index.js'
import {
  BadQueryError,
  BreachwireError,
  ConfigError,
  describeError,
  FetchError,
  HttpError,
  ParseError,
  StoreError,
} from '../../src/errors.js'
import { OpmlError } from '../../src/opml/index.js'

describe('describeError', () => {
  it.each([
    ['ConfigError', new ConfigError('feeds.json: sources[3].url', 'not a URL'), 'config', 'feeds.json: sources[3].url: not a URL'],
    ['FetchError', new FetchError('dns', 'lookup of example.invalid failed'), 'dns', 'fetch: lookup of example.invalid failed'],
    ['ParseError', new ParseError('malformed', 'not XML'), 'malformed', 'parse: not XML'],
    ['StoreError', new StoreError('busy', 'database is locked'), 'busy', 'store: database is locked'],
    ['HttpError', new HttpError(404, 'no such source'), 'http', 'no such source'],
    ['BadQueryError', new BadQueryError('cursor is not valid'), 'bad_query', 'cursor is not valid'],
    [
      'DiscoverError',
      new DiscoverError('no_feed', 'no feed at https://example.org/'),
      'no_feed',
      'discover: no feed at https://example.org/',
    ],
    ['OpmlError', new OpmlError('not_opml', 'not an OPML document'), 'not_opml', 'opml: not an OPML document'],
  ])('keeps the code of a %s', (_name, err, code, message) => {
    expect(err).toBeInstanceOf(BreachwireError)
    expect(err).toBeInstanceOf(Error)
    expect(describeError(err)).toEqual({ code, message })
  })

  it('keeps every line of a config error (one problem per line), and only the first of others', () => {
    const list = new ConfigErrorList([
      new ConfigError('feeds.json: sources[0].id', 'required'),
      new ConfigError('feeds.json: sources[1].url', 'not a URL'),
    ])
    expect(describeError(list)).toEqual({
      code: 'config',
      message: 'feeds.json: sources[0].id: required\nfeeds.json: sources[1].url: not a URL',
    })
    expect(describeError(new ParseError('malformed', 'line one\nline two'))).toEqual({ code: 'malformed', message: 'parse: line one' })
  })

  it('reports anything else as internal, first line only', () => {
    expect(describeError(new TypeError('x is undefined\n    at stack'))).toEqual({ code: 'internal', message: 'x is undefined' })
    expect(describeError('a string')).toEqual({ code: 'internal', message: 'a string' })
    expect(describeError(new Error(''))).toEqual({ code: 'internal', message: 'error' })
  })
})
