// The machine a run was measured on: CPU, cores, memory, Node and SQLite versions, and the load.
import { execFileSync } from 'node:child_process'
import os from 'node:os'
import Database from 'better-sqlite3'

export interface MachineInfo {
  cpuModel: string
  cores: number
  memoryGiB: number
  node: string
  sqlite: string
  betterSqlite3: string
  platform: string
  loadAverage: number[]
  python: string
}

function readSqliteVersion(): string {
  const db = new Database(':memory:')
  try {
    return String(db.prepare('select sqlite_version()').pluck().get())
  } finally {
    db.close()
  }
}

function readPythonVersion(): string {
  try {
    return execFileSync(
      '/usr/bin/python3',
      ['-c', 'import sys, feedparser; print(sys.version.split()[0], "feedparser", feedparser.__version__)'],
      { encoding: 'utf8' },
    ).trim()
  } catch {
    return 'unavailable'
  }
}

export function describeMachine(betterSqlite3Version: string): MachineInfo {
  const cpus = os.cpus()
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    sqlite: readSqliteVersion(),
    betterSqlite3: betterSqlite3Version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    python: readPythonVersion(),
  }
}
