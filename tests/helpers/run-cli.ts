// Runs the real command line in a child process, the way a user would: `node dist/cli.js …`,
// built at most once per run by build-cli.ts when this module is first imported. Async, so a
// fixture server in the test process keeps answering while the child fetches from it.
//
//   const run = await runCli(['poll'], { cwd: dir, log: 'info' })
//   expect(run.code).toBe(0)
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { distDir, ensureCliBuilt, repoRoot } from './build-cli.js'

export { repoRoot }
export const cliPath = path.join(distDir, 'cli.js')

await ensureCliBuilt()

export interface CliResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export interface CliOptions {
  /** Working directory; default the repository root. */
  cwd?: string
  /** Added to the environment (after BREACHWIRE_CONFIG/DB, PORT and HOST are removed from it). */
  env?: Record<string, string>
  /** BREACHWIRE_LOG for the child; default 'silent' so stderr holds only what the command prints. */
  log?: 'silent' | 'error' | 'warn' | 'info' | 'debug'
  uid?: number | undefined
  gid?: number | undefined
}

export interface RunningCli {
  child: ChildProcess
  stdout: () => string
  stderr: () => string
  exited: Promise<CliResult>
}

/** A fresh temporary folder. */
export function makeWorkDir(prefix = 'bw-cli-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix))
}

/** Writes `config` (a string as is, anything else as JSON) to dir/name; returns the path. */
export function writeConfig(dir: string, config: unknown, name = 'feeds.json'): string {
  const file = path.join(dir, name)
  writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config, null, 2))
  return file
}

/** A fresh temporary folder with a feeds.json holding `text`; returns the file's path. */
export function writeTempConfig(text: string, name = 'feeds.json'): string {
  return writeConfig(makeWorkDir('bw-cmd-'), text, name)
}

function childEnv(opts: CliOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, BREACHWIRE_LOG: opts.log ?? 'silent' }
  // The test decides config, database and address; the developer's own settings must not leak in.
  for (const name of ['BREACHWIRE_CONFIG', 'BREACHWIRE_DB', 'PORT', 'HOST']) delete env[name]
  return { ...env, ...opts.env }
}

/** Starts the CLI; the caller reads output through the returned getters. */
export function spawnCli(args: string[], opts: CliOptions = {}): RunningCli {
  const spawnOpts: SpawnOptions = { cwd: opts.cwd ?? repoRoot, env: childEnv(opts), stdio: ['ignore', 'pipe', 'pipe'] }
  if (opts.uid !== undefined) spawnOpts.uid = opts.uid
  if (opts.gid !== undefined) spawnOpts.gid = opts.gid
  const child = spawn(process.execPath, [cliPath, ...args], spawnOpts)
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString('utf8')))
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
  const exited = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
  return { child, stdout: () => stdout, stderr: () => stderr, exited }
}

/** Runs the CLI to the end. */
export function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  return spawnCli(args, opts).exited
}

/** Polls `cond` every 20 ms until it holds; throws naming `what` after timeoutMs. */
export async function waitFor(what: string, cond: () => boolean, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
