// Duplicate keys in feeds.json (issue 14): JSON.parse would keep the last silently; each repeat
// is an error naming file:line:column and the object.
import { describe, expect, it } from 'vitest'
import { ConfigErrorList } from '../../src/config/config-errors.js'
import { findDuplicateKeys } from '../../src/config/duplicate-keys.js'
import { parseConfigText } from '../../src/config/load-config.js'
import { makeWorkDir, runCli, writeConfig } from '../helpers/run-cli.js'

const text = `{
  "settings": { "concurrency": 2, "concurrency": 3 },
  "sources": [
    { "id": "a", "url": "https://a.example/",
      "select": { "item": "li", "item": "article" } },
    { "id": "b", "url": "https://b.example/",
      "url": "https://evil.example/" }
  ],
  "sources": []
}`

describe('findDuplicateKeys', () => {
  it('names every repeat by line, column and the object it is in, in file order', () => {
    expect(findDuplicateKeys(text, 'feeds.json').map((e) => e.message)).toEqual([
      'feeds.json:2:35: duplicate key "concurrency" in settings',
      'feeds.json:5:33: duplicate key "item" in sources[0].select',
      'feeds.json:7:7: duplicate key "url" in sources[1]',
      'feeds.json:9:3: duplicate key "sources" at the top level',
    ])
  })

  it('accepts the same key in different objects, and keys that differ only in case', () => {
    expect(findDuplicateKeys('{"a": {"id": 1}, "b": {"id": 2}, "c": [{"id": 3}, {"id": 4}], "A": {"ID": 1, "id": 2}}', 'f')).toEqual([])
  })

  it('parseConfigText refuses the file with all of them, before validation', () => {
    let caught: unknown
    try {
      parseConfigText(text, 'feeds.json')
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(ConfigErrorList)
    expect((caught as ConfigErrorList).errors).toHaveLength(4)
  })
})

describe('breachwire poll with a duplicate key', () => {
  it('exits 1 and prints file:line:column', async () => {
    const dir = makeWorkDir()
    writeConfig(
      dir,
      '{\n  "sources": [\n    { "id": "a", "url": "https://a.example/feed",\n      "url": "https://b.example/feed" }\n  ]\n}\n',
    )
    const run = await runCli(['poll'], { cwd: dir })
    expect(run.code).toBe(1)
    expect(run.stderr).toBe('feeds.json:4:7: duplicate key "url" in sources[0]\n')
  })
})
