// `npm run demo` as a user runs it: --help, --port, and a scheduler that keeps polling the
// bundled feed server after the first pass (so /status is not a snapshot of start-up).
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { type CliResult, makeWorkDir, repoRoot, waitFor } from '../helpers/run-cli.js'

const tsxLoader = createRequire(import.meta.url).resolve('tsx')

function spawnDemo(args: string[]): { stdout: () => string; exited: Promise<CliResult>; kill: () => void } {
  const child = spawn(process.execPath, ['--import', tsxLoader, 'demo/run.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, BREACHWIRE_LOG: 'silent', PORT: '', HOST: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
  const exited = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })))
  return { stdout: () => stdout, exited, kill: () => child.kill('SIGTERM') }
}

describe('npm run demo', () => {
  it('--help prints the usage and exits 0; a bad --port exits 1 naming it', async () => {
    const help = await spawnDemo(['--help']).exited
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/^usage: npm run demo -- \[--port N\]/)
    const bad = await spawnDemo(['--port', 'http']).exited
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/^demo: --port: expected a port number from 0 to 65535, got "http"\n/)
  })

  it('--port serves there and keeps polling the sample feeds on its schedule', async () => {
    const demo = spawnDemo(['--port', '0', '--schedule', '* * * * * *', '--dir', makeWorkDir('bw-demo-')])
    try {
      await waitFor('the demo URL', () => /breachwire demo: (http:\/\/\S+)\//.test(demo.stdout()), 60_000)
      const base = /breachwire demo: (http:\/\/\S+)\//.exec(demo.stdout())?.[1] as string
      const read = async (): Promise<Map<string, string | null>> => {
        const sources = (await (await fetch(`${base}/api/sources`)).json()) as { id: string; lastTriedAt: string | null }[]
        return new Map(sources.map((s) => [s.id, s.lastTriedAt]))
      }
      const first = await read()
      expect(first.size).toBeGreaterThan(0)
      const until = Date.now() + 20_000
      let polledAgain = false
      while (!polledAgain && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 250))
        polledAgain = [...(await read())].some(([id, at]) => at !== null && at !== first.get(id))
      }
      expect(polledAgain).toBe(true)
    } finally {
      demo.kill()
    }
    expect((await demo.exited).code).toBe(0)
  })
})
