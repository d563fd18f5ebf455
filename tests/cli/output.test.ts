// Large outputs through a pipe arrive whole: the CLI flushes stdout before it exits.
import { describe, expect, it } from 'vitest'
import { makeWorkDir, runCli, writeConfig } from '../helpers/run-cli.js'

describe('CLI output through a pipe', () => {
  it('prints a `sources --json` far larger than a pipe buffer (64 KB) without truncation', async () => {
    const dir = makeWorkDir()
    const sources = Array.from({ length: 1200 }, (_, i) => ({
      id: `source-${i}`,
      title: `Breach news source number ${i} with a fairly long descriptive title`,
      url: `https://news-${i}.example/feed/`,
      homepage: `https://news-${i}.example/`,
    }))
    writeConfig(dir, { sources })
    const result = await runCli(['sources', '--json'], { cwd: dir, log: 'info' })
    expect(result.code).toBe(0)
    expect(result.stdout.length).toBeGreaterThan(256 * 1024)
    const parsed = JSON.parse(result.stdout) as { id: string }[]
    expect(parsed).toHaveLength(1200)
    expect(parsed.at(-1)?.id).toBe('source-1199')
  })
})
