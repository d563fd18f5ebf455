// Runs the real CLI (src/cli.ts through tsx) in a child process, in a temp dir of its own.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const cliPath = path.join(root, 'src', 'cli.ts')
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href

export interface CliResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export function makeWorkDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'bw-cli-'))
}

export function writeConfig(dir: string, config: unknown, name = 'feeds.json'): string {
  const file = path.join(dir, name)
  writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config, null, 2))
  return file
}

const baseEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, BREACHWIRE_LOG: 'info' }
  for (const name of ['BREACHWIRE_CONFIG', 'BREACHWIRE_DB', 'PORT', 'HOST']) delete env[name]
  return env
}

/** Starts the CLI; the caller reads output through the returned getters. */
export function spawnCli(args: string[], opts: { cwd: string; env?: Record<string, string> }): {
  child: ChildProcess
  stdout: () => string
  stderr: () => string
  exited: Promise<CliResult>
} {
  const child = spawn(process.execPath, ['--import', tsxLoader, cliPath, ...args], {
    cwd: opts.cwd,
    env: { ...baseEnv(), ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString('utf8')))
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
  const exited = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
  return { child, stdout: () => stdout, stderr: () => stderr, exited }
}

/** Runs the CLI to the end. */
export function runCli(args: string[], opts: { cwd: string; env?: Record<string, string> }): Promise<CliResult> {
  return spawnCli(args, opts).exited
}

export async function waitFor(what: string, cond: () => boolean, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
