// src/config/edit.ts: appending sources to feeds.json text in the file's own style, choosing ids,
// and the validation every edit ends in.
import { chmodSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  appendSourcesToConfigText,
  buildEditedConfig,
  chooseUniqueId,
  createConfigText,
  detectIndentUnit,
  findSourceByUrl,
  readEditableConfig,
  slugifyTitle,
  writeConfigFile,
} from '../../src/config/edit.js'
import { ConfigError } from '../../src/errors.js'
import { repoRoot, writeTempConfig } from '../helpers/run-cli.js'

const b = { id: 'b', url: 'https://b.example/' }

describe('appendSourcesToConfigText', () => {
  it.each([
    [
      '4-space pretty entries',
      '{\n    "sources": [\n        {\n            "id": "a",\n            "url": "https://a.example/"\n        }\n    ]\n}\n',
      '{\n    "sources": [\n        {\n            "id": "a",\n            "url": "https://a.example/"\n        },\n        {\n            "id": "b",\n            "url": "https://b.example/"\n        }\n    ]\n}\n',
    ],
    [
      'one line per source, tabs, CRLF',
      '{\r\n\t"sources": [\r\n\t\t{ "id": "a", "url": "https://a.example/" }\r\n\t]\r\n}\r\n',
      '{\r\n\t"sources": [\r\n\t\t{ "id": "a", "url": "https://a.example/" },\r\n\t\t{ "id": "b", "url": "https://b.example/" }\r\n\t]\r\n}\r\n',
    ],
    [
      'minified',
      '{"sources":[{"id":"a","url":"https://a.example/"}]}',
      '{"sources":[{"id":"a","url":"https://a.example/"},{"id":"b","url":"https://b.example/"}]}',
    ],
    ['minified, empty', '{"settings":{},"sources":[]}', '{"settings":{},"sources":[{"id":"b","url":"https://b.example/"}]}'],
    [
      'empty array in a pretty file, sources before settings',
      '{\n  "sources": [],\n  "settings": { "concurrency": 2 }\n}\n',
      '{\n  "sources": [\n    {\n      "id": "b",\n      "url": "https://b.example/"\n    }\n  ],\n  "settings": { "concurrency": 2 }\n}\n',
    ],
    [
      'a "sources" key inside a string or nested object is not the array',
      '{\n  "$schema": "x \\"sources\\": [",\n  "settings": { "sources": [] },\n  "sources": [\n    { "id": "a", "url": "https://a.example/" }\n  ]\n}',
      '{\n  "$schema": "x \\"sources\\": [",\n  "settings": { "sources": [] },\n  "sources": [\n    { "id": "a", "url": "https://a.example/" },\n    { "id": "b", "url": "https://b.example/" }\n  ]\n}',
    ],
    [
      'no "sources" key: re-serialized, key order kept',
      '{\n  "settings": { "concurrency": 2 }\n}\n',
      '{\n  "settings": {\n    "concurrency": 2\n  },\n  "sources": [\n    {\n      "id": "b",\n      "url": "https://b.example/"\n    }\n  ]\n}\n',
    ],
  ])('%s', (_name, before, after) => {
    expect(appendSourcesToConfigText(before, [b])).toBe(after)
  })

  it('keeps a BOM and non-ASCII text as it is', () => {
    const out = appendSourcesToConfigText('\ufeff{ "sources": [ { "id": "a", "url": "https://a.example/" } ] }', [
      { id: 'c', title: 'Café – Ünïcode', url: 'https://c.example/' },
    ])
    expect(out).toBe(
      '\ufeff{ "sources": [ { "id": "a", "url": "https://a.example/" }, { "id": "c", "title": "Café – Ünïcode", "url": "https://c.example/" } ] }',
    )
  })

  it('appends to the shipped feeds.json in its wrapped style, every earlier byte unchanged', () => {
    const shipped = readFileSync(path.join(repoRoot, 'feeds.json'), 'utf8')
    const source = {
      id: 'example-blog',
      title: 'Example Blog',
      url: 'https://example.org/feed/',
      homepage: 'https://example.org/',
      tags: ['breach'],
      enabled: true,
    }
    const out = appendSourcesToConfigText(shipped, [source])
    const cut = shipped.lastIndexOf('}', shipped.lastIndexOf(']')) + 1
    expect(out).toBe(
      shipped.slice(0, cut) +
        ',\n    { "id": "example-blog", "title": "Example Blog", "url": "https://example.org/feed/",\n' +
        '      "homepage": "https://example.org/", "tags": ["breach"], "enabled": true }' +
        shipped.slice(cut),
    )
  })

  it('appends several at once, in order', () => {
    const out = appendSourcesToConfigText('{\n  "sources": [\n    { "id": "a", "url": "https://a.example/" }\n  ]\n}\n', [
      b,
      { id: 'c', url: 'https://c.example/' },
    ])
    expect(out).toBe(
      '{\n  "sources": [\n    { "id": "a", "url": "https://a.example/" },\n    { "id": "b", "url": "https://b.example/" },\n    { "id": "c", "url": "https://c.example/" }\n  ]\n}\n',
    )
  })

  it('createConfigText writes a new 2-space file', () => {
    expect(createConfigText([b])).toBe('{\n  "sources": [\n    {\n      "id": "b",\n      "url": "https://b.example/"\n    }\n  ]\n}\n')
  })

  it.each([
    ['{\n\t"a": 1\n}', '\t'],
    ['{\n    "a": {\n        "b": 1\n    }\n}', '    '],
    ['{"a":1}', '  '],
  ])('detectIndentUnit(%j) = %j', (text, unit) => {
    expect(detectIndentUnit(text)).toBe(unit)
  })
})

describe('ids and duplicates', () => {
  it.each([
    ['DataBreaches.net', 'databreaches-net'],
    ['The Register: Security', 'the-register-security'],
    ['Schneier on Security & Privacy', 'schneier-on-security-and-privacy'],
    ['Bundesamt für Sicherheit – Warnungen', 'bundesamt-fur-sicherheit-warnungen'],
    ["Krebs's Blog", 'krebss-blog'],
    ['  --Hello--  ', 'hello'],
    ['日本語', ''],
    ['x'.repeat(80), 'x'.repeat(64)],
  ])('slugifyTitle(%j) = %j', (title, slug) => {
    expect(slugifyTitle(title)).toBe(slug)
  })

  it('chooseUniqueId appends -2, -3, … within 64 characters', () => {
    expect(chooseUniqueId('a', new Set())).toBe('a')
    expect(chooseUniqueId('a', new Set(['a', 'a-2']))).toBe('a-3')
    const long = 'x'.repeat(64)
    expect(chooseUniqueId(long, new Set([long]))).toBe(`${'x'.repeat(62)}-2`)
  })

  it('findSourceByUrl matches on the canonical URL', () => {
    const sources = [{ id: 'a', url: 'https://www.a.example/feed/' }]
    expect(findSourceByUrl(sources, 'http://a.example/feed?utm_source=x')).toEqual({
      index: 0,
      id: 'a',
      url: 'https://www.a.example/feed/',
    })
    expect(findSourceByUrl(sources, 'https://a.example/other')).toBeNull()
  })
})

describe('buildEditedConfig', () => {
  it('validates the edited file as loading it would, and reads a missing file as empty', () => {
    const file = writeTempConfig('{\n  "sources": [\n    { "id": "a", "url": "https://a.example/" }\n  ]\n}\n')
    const editable = readEditableConfig(file)
    expect(buildEditedConfig(editable, [b]).config.sources.map((s) => s.id)).toEqual(['a', 'b'])
    let caught: unknown
    try {
      buildEditedConfig(editable, [{ id: 'a', url: 'https://dup.example/', enabled: 'yes' }])
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(ConfigError)
    expect((caught as Error).message).toBe(`${file}: sources[1].enabled: expected true or false, got "yes"`)
    expect(() => buildEditedConfig(editable, [{ id: 'a', url: 'https://dup.example/' }])).toThrow(
      `${file}: sources[1].id: duplicate id "a" (also sources[0])`,
    )

    const missing = readEditableConfig(path.join(path.dirname(file), 'new.json'))
    expect(missing.text).toBeNull()
    expect(buildEditedConfig(missing, [b]).text).toBe(createConfigText([b]))
  })
})

describe('writeConfigFile', () => {
  it('replaces the file in one step, keeping its permissions and leaving no temporary file', () => {
    const file = writeTempConfig('{ "sources": [] }\n')
    chmodSync(file, 0o600)
    writeConfigFile(file, createConfigText([b]))
    expect(readFileSync(file, 'utf8')).toBe(createConfigText([b]))
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(readdirSync(path.dirname(file))).toEqual(['feeds.json'])
  })
})
