// Shared bits for the fault-injection tests: temp dirs, feeds.json files, the real CLI in a child
// process (killed on cue), a child that holds SQLite's write lock, and raw SQLite checks (integrity, duplicates).
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { spawnCli } from '../helpers/run-cli.js'

export const repoRoot = resolve(import.meta.dirname, '../..')

const dirs: string[] = []
const children: ChildProcess[] = []

export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  dirs.push(dir)
  return dir
}

/** Kills the children this file started (by pid) and removes the temp dirs. Call in afterEach/afterAll. */
export function cleanUpFaults(): void {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
}

export function rssFeed(prefix: string, count: number): string {
  const items = Array.from(
    { length: count },
    (_, i) =>
      `<item><title>${prefix} story ${i}</title><link>https://${prefix}.example/posts/${i}</link><guid>${prefix}-${i}</guid>` +
      `<pubDate>Mon, 05 Jan 2026 ${String(i % 24).padStart(2, '0')}:00:00 GMT</pubDate><description><![CDATA[<p>Body of ${prefix} ${i}: ${'text '.repeat(40)}</p>]]></description></item>`,
  )
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${prefix}</title><link>https://${prefix}.example/</link>${items.join('')}</channel></rss>`
}

export function writeConfig(dir: string, sources: { id: string; url: string }[], settings: Record<string, unknown> = {}): string {
  const path = join(dir, 'feeds.json')
  writeFileSync(
    path,
    JSON.stringify(
      { settings: { allowPrivateNetworks: true, timeoutSeconds: 10, concurrency: 8, perHostConcurrency: 8, ...settings }, sources },
      null,
      2,
    ),
  )
  return path
}

export interface CliRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** stdout lines seen before the process was killed (all of them when not killed). */
  lines: string[]
}

export interface CliOptions {
  /** SIGKILL the process once this many stdout lines arrived (plus killDelayMs). */
  killAfterLines?: number
  killDelayMs?: number
  uid?: number | undefined
  gid?: number | undefined
}

/** Runs the CLI (tests/helpers/run-cli.ts) to the end, or to its SIGKILL after killAfterLines stdout lines. */
export async function runCli(args: string[], opts: CliOptions = {}): Promise<CliRun> {
  const running = spawnCli(args, { uid: opts.uid, gid: opts.gid })
  children.push(running.child)
  let killing = false
  const lines: string[] = []
  // Registered after spawnCli's own listener, so running.stdout() already holds the chunk.
  running.child.stdout?.on('data', () => {
    if (killing) return
    lines.splice(0, lines.length, ...running.stdout().split('\n').slice(0, -1))
    if (opts.killAfterLines !== undefined && lines.length >= opts.killAfterLines) {
      killing = true
      setTimeout(() => running.child.kill('SIGKILL'), opts.killDelayMs ?? 0)
    }
  })
  const result = await running.exited
  if (!killing) lines.splice(0, lines.length, ...result.stdout.split('\n').filter((l) => l !== ''))
  return { ...result, lines }
}

/** PRAGMA integrity_check on a fresh read-only connection. */
export function checkIntegrity(dbPath: string): string {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true })
  try {
    return (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ')
  } finally {
    db.close()
  }
}

/** Items per source, and any (source, identity) stored twice, read straight from SQLite. */
export function readItemStats(dbPath: string): { perSource: Record<string, number>; duplicates: number; total: number } {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true })
  try {
    const perSource: Record<string, number> = {}
    for (const row of db.prepare('select source_id as id, count(*) as n from items group by source_id').all() as {
      id: string
      n: number
    }[])
      perSource[row.id] = row.n
    const duplicates = (
      db.prepare('select count(*) as n from (select 1 from items group by source_id, identity_key having count(*) > 1)').get() as {
        n: number
      }
    ).n
    const total = (db.prepare('select count(*) as n from items').get() as { n: number }).n
    return { perSource, duplicates, total }
  } finally {
    db.close()
  }
}

export interface LockHolder {
  /** Takes the write lock (BEGIN IMMEDIATE plus a write); resolves once it is held. */
  lock(holdMs: number): Promise<void>
  /** Resolves when the lock was released (COMMIT done). */
  released(): Promise<void>
  stop(): void
}

/** A second process that takes SQLite's write lock on dbPath when asked, for holdMs. */
export function startLockHolder(dbPath: string): LockHolder {
  const code = `
    const Database = require('better-sqlite3')
    const db = new Database(${JSON.stringify(dbPath)})
    db.pragma('busy_timeout = 10000')
    let buffered = ''
    process.stdin.on('data', (chunk) => {
      buffered += chunk.toString()
      let nl
      while ((nl = buffered.indexOf('\\n')) !== -1) {
        const holdMs = Number(buffered.slice(0, nl)); buffered = buffered.slice(nl + 1)
        db.exec('BEGIN IMMEDIATE')
        db.exec("create table if not exists lock_marker (n integer)")
        db.prepare('insert into lock_marker values (?)').run(holdMs)
        process.stdout.write('locked\\n')
        setTimeout(() => { db.exec('COMMIT'); process.stdout.write('released\\n') }, holdMs)
      }
    })
    process.stdin.on('end', () => { db.close(); process.exit(0) })
  `
  const child = spawn(process.execPath, ['-e', code], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit'] })
  children.push(child)
  const waiters: { word: string; resolve: () => void }[] = []
  let out = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString()
    let nl: number
    while ((nl = out.indexOf('\n')) !== -1) {
      const word = out.slice(0, nl)
      out = out.slice(nl + 1)
      const i = waiters.findIndex((w) => w.word === word)
      if (i !== -1) waiters.splice(i, 1)[0]!.resolve()
    }
  })
  const waitFor = (word: string): Promise<void> => new Promise((resolve) => waiters.push({ word, resolve }))
  let releasedPromise: Promise<void> = Promise.resolve()
  return {
    lock(holdMs) {
      const locked = waitFor('locked')
      releasedPromise = waitFor('released')
      child.stdin?.write(`${holdMs}\n`)
      return locked
    },
    released: () => releasedPromise,
    stop: () => child.stdin?.end(),
  }
}
