// Runs the real command line in a child process (`node --import tsx src/cli.ts …`), the way a
// user would, and collects its exit code and output. Async, so a fixture server in the test
// process keeps answering while the child fetches from it.
import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'src', 'cli.ts'), ...args],
      { cwd: repoRoot, env: { ...process.env, BREACHWIRE_LOG: 'silent', ...env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1
        resolve({ code, stdout: String(stdout), stderr: String(stderr) })
      },
    )
  })
}

/** A fresh temporary folder with a feeds.json holding `text`; returns the file's path. */
export function writeTempConfig(text: string, name = 'feeds.json'): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bw-cmd-'))
  const file = path.join(dir, name)
  writeFileSync(file, text)
  return file
}
