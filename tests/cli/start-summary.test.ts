// `breachwire start` with every source unreachable: one readable line per source and a summary
// of the pass on a terminal-style (human) log, JSON lines when asked or when stderr is a pipe.
import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { makeWorkDir, spawnCli, waitFor, writeConfig } from '../helpers/run-cli.js'

/** A loopback port nothing listens on: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

async function startUnreachable(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ stdout: string; stderr: string; url: string }> {
  const port = await closedPort()
  const dir = makeWorkDir()
  writeConfig(dir, {
    settings: { allowPrivateNetworks: true, timeoutSeconds: 5, schedule: '0 0 1 1 *' },
    sources: [
      { id: 'alpha', url: `http://127.0.0.1:${port}/a.xml` },
      { id: 'beta', url: `http://127.0.0.1:${port}/b.xml` },
    ],
  })
  const run = spawnCli(['start', '--port', '0', ...args], { cwd: dir, log: 'info', env })
  try {
    await waitFor('the pass summary', () => /2 sources: 0 ok|"msg":"Poll pass finished"/.test(run.stderr()), 30_000)
  } finally {
    run.child.kill('SIGTERM')
  }
  const result = await run.exited
  expect(result.code).toBe(0)
  const url = /serving (http:\/\/\S+)/.exec(result.stdout)?.[1] as string
  return { stdout: result.stdout, stderr: result.stderr, url }
}

describe('breachwire start: the log of a pass where nothing answers', () => {
  it('--log-format human: a short line per source and a summary pointing at the status page', async () => {
    const { stderr, url } = await startUnreachable(['--log-format', 'human'])
    expect(stderr).not.toContain('{"time"')
    expect(stderr).toMatch(
      /^\d\d:\d\d:\d\d WARN {2}alpha {2}failed: fetch: connection to http:\/\/127\.0\.0\.1:\d+\/a\.xml failed \(connect ECONNREFUSED/m,
    )
    expect(stderr).toMatch(/^\d\d:\d\d:\d\d WARN {2}beta {2}failed: /m)
    expect(stderr).toContain(`INFO  2 sources: 0 ok, 2 failed (connection) — details at ${url}/status\n`)
  })

  it('JSON lines when stderr is not a terminal, with the same counts as fields; BREACHWIRE_LOG_FORMAT=human switches', async () => {
    const json = await startUnreachable([])
    const entries = json.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(
      entries
        .filter((e) => e['msg'] === 'Source poll failed')
        .map((e) => e['source_id'])
        .sort(),
    ).toEqual(['alpha', 'beta'])
    expect(entries.find((e) => e['msg'] === 'Poll pass finished')).toMatchObject({
      sources: 2,
      ok: 0,
      failed: 2,
      failures: { connection: 2 },
    })

    const human = await startUnreachable([], { BREACHWIRE_LOG_FORMAT: 'human' })
    expect(human.stderr).toContain('2 sources: 0 ok, 2 failed (connection)')
    expect(human.stderr).not.toContain('{"time"')
  })
})
