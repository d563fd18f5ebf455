import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/index.js'
import { findJsonSyntaxProblem } from '../../src/config/json-syntax.js'
import { ConfigError } from '../../src/errors.js'

function writeTemp(name: string, text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bw-config-'))
  const file = path.join(dir, name)
  writeFileSync(file, text)
  return file
}

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn()
  } catch (err) {
    if (err instanceof ConfigError) return err
    throw err
  }
  throw new Error('expected a ConfigError')
}

describe('loadConfig', () => {
  it('loads the shipped feeds.json: DataBreaches.net and PogoWasRight.org first, ten or more sources', () => {
    const cfg = loadConfig('feeds.json')
    expect(cfg.sources.map((s) => s.url).slice(0, 2)).toEqual(['https://databreaches.net/feed/', 'https://pogowasright.org/feed/'])
    expect(cfg.sources.length).toBeGreaterThanOrEqual(10)
    for (const s of cfg.sources) {
      expect(s.homepage).toMatch(/^https:\/\//)
      expect(s.tags.length).toBeGreaterThan(0)
      for (const tag of s.tags) expect(['breach', 'privacy', 'security', 'health']).toContain(tag)
    }
    expect(cfg.settings.allowPrivateNetworks).toBe(false)
  })

  it('names file, line and column of a JSON syntax error', () => {
    const file = writeTemp('feeds.json', '{\n  "sources": [\n    { "id": "a", "url": "https://a.example/" },\n  ]\n}\n')
    const err = errorOf(() => loadConfig(file))
    expect(err.message).toBe(`${file}: line 4, column 3: not valid JSON: trailing comma before "]"`)
  })

  it('strips a leading ./ from the label and reads a BOM-prefixed file', () => {
    const file = writeTemp('feeds.json', '\ufeff{"sources": [{"id": "a", "url": "nope"}]}')
    const rel = `./${path.relative(process.cwd(), file)}`
    const err = errorOf(() => loadConfig(rel))
    expect(err.message).toBe(`${rel.slice(2)}: sources[0].url: not a URL`)
  })

  it('says when the file is missing', () => {
    const err = errorOf(() => loadConfig('/nonexistent/feeds.json'))
    expect(err.message).toBe('/nonexistent/feeds.json: file not found')
  })

  it('loads the fixture configs', () => {
    const dir = path.join('tests', 'fixtures', 'config')
    const ok = loadConfig(path.join(dir, 'valid-full.json'))
    expect(ok.sources.map((s) => s.id)).toEqual(['wp', 'page'])
    const bad = errorOf(() => loadConfig(path.join(dir, 'many-problems.json')))
    expect(bad.message).toBe(readFileSync(path.join(dir, 'many-problems.expected.txt'), 'utf8').trim())
  })
})

describe('findJsonSyntaxProblem', () => {
  const cases: [string, string, number, number, string][] = [
    ['missing comma', '{"a": 1\n "b": 2}', 2, 2, 'expected "," or "}", found "\\"b\\""'],
    ['missing comma in an array', '{"a": [1, 2 3]}', 1, 13, 'expected "," or "]", found "3"'],
    ['unquoted key', '{\n  a: 1}', 2, 3, 'expected a "quoted" key, found "a"'],
    ['truncated', '{"a": [1, 2', 1, 12, 'expected "," or "]", found end of file'],
    ['missing value', '{"a": }', 1, 7, 'unexpected "}", expected a value'],
    ['raw newline in string', '{"a": "x\ny"}', 1, 7, 'unterminated string (a raw line break inside it?)'],
    ['garbage after', '{}\n{}', 2, 1, 'unexpected "{" after the end of the document'],
    ['single quotes', "{'a': 1}", 1, 2, 'unexpected "\'a\'": JSON strings and keys need "double quotes"'],
    ['trailing comma in an object', '{"a": 1,\n}', 2, 1, 'trailing comma before "}"'],
    ['missing colon', '{"a" 1}', 1, 6, 'expected ":" after the key, found "1"'],
    ['comment', '{"a": 1} // note', 1, 10, 'comments are not allowed in JSON'],
    ['bad escape', '{"a": "\\q"}', 1, 7, 'bad escape in string'],
    ['empty file', '', 1, 1, 'unexpected end of file, expected a value'],
  ]
  it.each(cases)('%s', (_name, text, line, column, reason) => {
    expect(findJsonSyntaxProblem(text)).toEqual({ line, column, reason })
  })
  it('accepts valid JSON', () => {
    expect(findJsonSyntaxProblem('{"a": [1, -2.5e3, true, false, null, "\\u00e9\\n"], "b": {}}')).toBeNull()
  })
})
