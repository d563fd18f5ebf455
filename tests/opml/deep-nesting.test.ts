// Issue 14: a 10,000-deep OPML file must not overflow the stack; past MAX_OUTLINE_DEPTH it is
// refused with a clear error, and the real CLI names the file.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { OpmlError, parseOpml } from '../../src/opml/index.js'
import { MAX_OUTLINE_DEPTH } from '../../src/opml/parse-opml.js'
import { makeWorkDir, runCli, writeConfig } from '../helpers/run-cli.js'

/** `folders` nested folder outlines around one feed outline. */
function nested(folders: number, name = (i: number) => `f${i}`): string {
  let open = ''
  for (let i = 0; i < folders; i++) open += `<outline text="${name(i)}">`
  return `<?xml version="1.0"?><opml version="2.0"><head><title>deep</title></head><body>${open}<outline text="a" xmlUrl="https://a.example/feed"/>${'</outline>'.repeat(folders)}</body></opml>`
}

describe('deeply nested outlines', () => {
  it(`reads a feed at depth ${MAX_OUTLINE_DEPTH}, its folders as tags outermost first, in order`, () => {
    const parsed = parseOpml(nested(MAX_OUTLINE_DEPTH - 1))
    expect(parsed.feeds).toHaveLength(1)
    expect(parsed.feeds[0]?.tags).toHaveLength(MAX_OUTLINE_DEPTH - 1)
    expect(parsed.feeds[0]?.tags.slice(0, 3)).toEqual(['f0', 'f1', 'f2'])
    expect(parsed.feeds[0]?.position).toBe(MAX_OUTLINE_DEPTH)
  })

  it('keeps document order and positions across siblings after a deep branch', () => {
    const text =
      '<opml><body><outline text="A"><outline text="B"><outline text="x" xmlUrl="https://x.example/"/></outline><outline text="y" xmlUrl="https://y.example/"/></outline><outline text="z" xmlUrl="https://z.example/"/></body></opml>'
    const parsed = parseOpml(text)
    expect(parsed.feeds.map((f) => [f.title, f.position, f.tags])).toEqual([
      ['x', 3, ['A', 'B']],
      ['y', 4, ['A']],
      ['z', 5, []],
    ])
  })

  it.each([MAX_OUTLINE_DEPTH, 10_000])('refuses %i nested folders with too_deep, not a stack overflow', (depth) => {
    let caught: unknown
    try {
      parseOpml(nested(depth))
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(OpmlError)
    expect((caught as OpmlError).code).toBe('too_deep')
    expect((caught as OpmlError).message).toBe(
      `opml: outlines nested more than ${MAX_OUTLINE_DEPTH} levels deep (outline ${MAX_OUTLINE_DEPTH + 1})`,
    )
  })

  it('import-opml names the file, exits 1 and leaves feeds.json alone', async () => {
    const dir = makeWorkDir()
    const config = writeConfig(dir, { sources: [] })
    const file = path.join(dir, 'deep.opml')
    writeFileSync(file, nested(10_000))
    const run = await runCli(['import-opml', file, '--config', config])
    expect(run.code).toBe(1)
    expect(run.stderr.trim()).toBe(
      `breachwire import-opml: ${file}: opml: outlines nested more than ${MAX_OUTLINE_DEPTH} levels deep (outline ${MAX_OUTLINE_DEPTH + 1})`,
    )
    expect(run.stderr).not.toContain('call stack')
  })

  it('import-opml shows control and bidi characters of outline titles as escapes', async () => {
    const dir = makeWorkDir()
    const config = writeConfig(dir, { sources: [] })
    const file = path.join(dir, 'hostile.opml')
    writeFileSync(file, '<opml><body><outline text="evil\u001b[2J\u202etxt" type="link" url="https://x.example/"/></body></opml>')
    const run = await runCli(['import-opml', file, '--config', config, '--dry-run'])
    expect(run.code).toBe(0)
    expect(run.stdout).not.toMatch(/[\u001b\u202e]/)
    expect(run.stdout).toContain('\\u001b[2J\\u202etxt')
  })
})
