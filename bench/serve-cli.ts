// The real `breachwire serve` for the benchmarks: started on a free loopback port, ready when
// /healthz answers, stopped with SIGTERM (the primary stops its workers).

import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { repoDir } from './child.js'

export interface ServeCli {
  url: string
  pid: number
  stop(): Promise<void>
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

/** Polls `url` until it answers 200 (or `timeoutMs` passes); returns the milliseconds waited. */
export async function waitForOk(url: string, timeoutMs: number): Promise<number> {
  const start = performance.now()
  for (;;) {
    try {
      const response = await fetch(url)
      await response.arrayBuffer()
      if (response.ok) return performance.now() - start
    } catch {
      // not listening yet
    }
    if (performance.now() - start > timeoutMs) throw new Error(`bench: ${url} did not answer within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** Starts `breachwire <command> --config … --db … --port …` plus `extra` and waits until `readyPath` answers. */
export async function startCli(
  command: string,
  configPath: string,
  dbPath: string,
  extra: string[],
  readyPath = '/healthz',
): Promise<ServeCli & { readyMs: number }> {
  const port = await findFreePort()
  const started = performance.now()
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(repoDir, 'src/cli.ts'),
      command,
      '--config',
      configPath,
      '--db',
      dbPath,
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      ...extra,
    ],
    {
      cwd: repoDir,
      env: { ...process.env, BREACHWIRE_LOG: 'silent', BREACHWIRE_RATE_LIMIT: 'off' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  )
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    }
  }
  const url = `http://127.0.0.1:${port}`
  try {
    await waitForOk(url + readyPath, 60_000)
  } catch (err) {
    await stop()
    throw err
  }
  return { url, pid: child.pid ?? 0, stop, readyMs: performance.now() - started }
}

export function startServeCli(configPath: string, dbPath: string, workers: number): Promise<ServeCli> {
  return startCli('serve', configPath, dbPath, ['--workers', String(workers)])
}
