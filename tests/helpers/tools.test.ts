// The policy for outside tools (tools.ts): a missing tool skips its group locally, with one
// summary and install command at the end of the run, and fails the run under CI, naming the tool.
// BREACHWIRE_TEST_HIDE_TOOLS and an empty PATH make tools missing on a machine that has them.
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { repoRoot } from './build-cli.js'
import { formatToolSummary, readSkipLog } from './tool-summary.js'
import { hasTool, MissingToolError, probePostgres, requireTools, SKIP_LOG_ENV, TOOLS, type ToolEnv } from './tools.js'

const dir = mkdtempSync(join(tmpdir(), 'breachwire-tools-test-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const local = (extra: ToolEnv = {}): ToolEnv => ({ PATH: process.env['PATH'], ...extra })

describe('the probe', () => {
  it('reports every tool missing under BREACHWIRE_TEST_HIDE_TOOLS=all, and only the named ones under a list', async () => {
    for (const tool of TOOLS) expect(await hasTool(tool, local({ BREACHWIRE_TEST_HIDE_TOOLS: 'all' })), tool).toBe(false)
    expect(await hasTool('jing', local({ BREACHWIRE_TEST_HIDE_TOOLS: 'newsboat, jing' }))).toBe(false)
    expect(await hasTool('newsboat', local({ BREACHWIRE_TEST_HIDE_TOOLS: 'newsboat, jing' }))).toBe(false)
  })

  it('finds command-line tools on PATH only, and only executable ones', async () => {
    for (const tool of ['jing', 'xmllint', 'newsboat'] as const) expect(await hasTool(tool, { PATH: '' }), tool).toBe(false)
    const bin = join(dir, 'bin')
    mkdirSync(bin)
    writeFileSync(join(bin, 'jing'), '#!/bin/sh\n', { mode: 0o755 })
    writeFileSync(join(bin, 'xmllint'), 'not executable\n', { mode: 0o644 })
    expect(await hasTool('jing', { PATH: `/nonexistent:${bin}` })).toBe(true)
    expect(await hasTool('xmllint', { PATH: bin })).toBe(false)
    // Present, so even under CI the group runs.
    expect(await requireTools('fake jing', ['jing'], { PATH: bin, CI: 'true' })).toBe(true)
  })

  it('counts a database URL that does not answer as missing, with the reason', async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as { port: number }
        server.close(() => resolve(free))
      })
    })
    const probe = await probePostgres({ BREACHWIRE_TEST_DATABASE_URL: `postgres://nobody:x@127.0.0.1:${port}/none` })
    expect(probe.kind).toBe('missing')
    expect(probe.kind === 'missing' && probe.reason).toMatch(/^BREACHWIRE_TEST_DATABASE_URL does not answer: .*ECONNREFUSED/)
    expect(
      await probePostgres({ BREACHWIRE_TEST_HIDE_TOOLS: 'postgres', BREACHWIRE_TEST_DATABASE_URL: 'postgres://x@127.0.0.1/y' }),
    ).toEqual({
      kind: 'missing',
      reason: 'hidden by BREACHWIRE_TEST_HIDE_TOOLS',
    })
  })
})

describe('requireTools', () => {
  it('locally: returns false and records the skipped group in the run log', async () => {
    const log = join(dir, 'local.jsonl')
    const env = local({ BREACHWIRE_TEST_HIDE_TOOLS: 'jing,feedparser', [SKIP_LOG_ENV]: log })
    expect(await requireTools('Atom conformance', ['jing', 'feedparser'], env)).toBe(false)
    expect(await requireTools('empty group', [], env)).toBe(true)
    expect(await requireTools('Atom conformance', ['jing', 'feedparser'], { ...env, CI: 'false' })).toBe(false)
    expect(readFileSync(log, 'utf8')).toBe(
      '{"group":"Atom conformance","missing":["jing","feedparser"]}\n{"group":"Atom conformance","missing":["jing","feedparser"]}\n',
    )
  })

  it('under CI: throws, naming the missing tool and its package, and records nothing', async () => {
    const log = join(dir, 'ci.jsonl')
    const env = local({ BREACHWIRE_TEST_HIDE_TOOLS: 'all', CI: 'true', [SKIP_LOG_ENV]: log })
    const attempt = requireTools('newsboat reads the feeds', ['newsboat'], env)
    await expect(attempt).rejects.toBeInstanceOf(MissingToolError)
    await expect(attempt).rejects.toThrow(
      'newsboat reads the feeds: needs newsboat, which is missing; under CI a missing tool fails the run (apt-get install -y newsboat)',
    )
    expect(readSkipLog(log)).toEqual([])
  })
})

describe('the summary', () => {
  it('lists each skipped group once and the one command that installs what is missing', () => {
    const summary = formatToolSummary([
      { group: 'newsboat reads the feeds', missing: ['newsboat'] },
      { group: 'feed conformance', missing: ['xmllint', 'feedparser'] },
      { group: 'feed conformance', missing: ['xmllint', 'feedparser'] },
      { group: 'PostgreSQL store', missing: ['postgres'] },
    ])
    expect(summary).toBe(
      [
        'Skipped 3 test group(s) for missing tools:',
        '  - PostgreSQL store (needs postgres)',
        '  - feed conformance (needs xmllint, feedparser)',
        '  - newsboat reads the feeds (needs newsboat)',
        'Install what is missing:  apt-get install -y python3-feedparser libxml2-utils newsboat postgresql',
        '  (or point BREACHWIRE_TEST_DATABASE_URL at a running PostgreSQL)',
        'Under CI=true a missing tool fails the run instead.',
      ].join('\n'),
    )
    expect(formatToolSummary([])).toBe('')
  })
})

/** A whole vitest run of fixtures/needs-tool.check.ts with newsboat hidden. */
function runPolicyFixture(ci: boolean): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, BREACHWIRE_TEST_HIDE_TOOLS: 'newsboat', NO_COLOR: '1' }
  delete env['CI']
  if (ci) env['CI'] = 'true'
  const vitest = join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs')
  const child = spawn(process.execPath, [vitest, 'run', '--config', 'tests/helpers/fixtures/tool-policy.config.ts'], { cwd: repoRoot, env })
  let output = ''
  child.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')))
  child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, output }))
  })
}

describe('a whole run with a tool missing', () => {
  it('locally passes, skips the group and ends with the summary; under CI fails naming the tool', async () => {
    const [localRun, ciRun] = await Promise.all([runPolicyFixture(false), runPolicyFixture(true)])

    expect(localRun.code, localRun.output).toBe(0)
    expect(localRun.output).toMatch(/Tests\s+1 passed \| 1 skipped \(2\)/)
    expect(localRun.output).toContain(
      'Skipped 1 test group(s) for missing tools:\n  - policy fixture: newsboat group (needs newsboat)\nInstall what is missing:  apt-get install -y newsboat\n',
    )

    expect(ciRun.code, ciRun.output).toBe(1)
    expect(ciRun.output).toContain('MissingToolError: policy fixture: newsboat group: needs newsboat, which is missing')
    expect(ciRun.output).not.toContain('Skipped 1 test group(s)')
  }, 60_000)
})
