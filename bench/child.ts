// Child processes for the benchmarks: node + tsx running one of bench/*.ts, its first stdout line
// (JSON) read as "ready".

import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

export interface BenchChild<T> {
  child: ChildProcess
  ready: T
  stop(): Promise<void>
}

export const benchDir = import.meta.dirname
export const repoDir = join(import.meta.dirname, '..')

export function startChild<T>(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<BenchChild<T>> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(benchDir, script), ...args], {
    cwd: repoDir,
    env: { ...process.env, BREACHWIRE_LOG: 'silent', BREACHWIRE_RATE_LIMIT: 'off', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve()
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
      setTimeout(() => child.kill('SIGKILL'), 3000).unref()
    })
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! })
    child.once('exit', (code) => reject(new Error(`bench: ${script} exited with ${code} before it was ready`)))
    lines.once('line', (line) => {
      try {
        resolve({ child, ready: JSON.parse(line) as T, stop })
      } catch (err) {
        void stop()
        reject(err)
      }
    })
  })
}
