// Runs the real CLI (`node --import tsx src/cli.ts …`) under /usr/bin/time -v and reads its wall
// time, CPU time and peak memory (maximum resident set size).

import { spawnSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AppConfig } from '../src/types.js'
import { repoDir } from './child.js'

export interface CliFigures {
  wallMs: number
  cpuMs: number
  maxRssKb: number
  exit: number
  stdout: string
}

function parseElapsed(text: string): number {
  // "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.34"
  const match = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)/.exec(text)
  if (match === null) return Number.NaN
  return (match[1] ?? '').split(':').reduce((sum, part) => sum * 60 + Number(part), 0) * 1000
}

function readField(text: string, label: string): number {
  const match = new RegExp(`${label}: ([\\d.]+)`).exec(text)
  return Number(match?.[1] ?? Number.NaN)
}

export function hasGnuTime(): boolean {
  return existsSync('/usr/bin/time')
}

export function runCli(args: string[]): CliFigures {
  const child = spawnSync('/usr/bin/time', ['-v', process.execPath, '--import', 'tsx', join(repoDir, 'src/cli.ts'), ...args], {
    cwd: repoDir,
    encoding: 'utf8',
    env: { ...process.env, BREACHWIRE_LOG: 'warn' },
    maxBuffer: 64 * 1024 * 1024,
  })
  const err = child.stderr ?? ''
  if (!/Maximum resident set size/.test(err)) throw new Error(`bench: ${args[0]} did not run under /usr/bin/time: ${err.slice(-400)}`)
  return {
    wallMs: parseElapsed(err),
    cpuMs: (readField(err, 'User time \\(seconds\\)') + readField(err, 'System time \\(seconds\\)')) * 1000,
    maxRssKb: readField(err, 'Maximum resident set size \\(kbytes\\)'),
    exit: readField(err, 'Exit status'),
    stdout: child.stdout ?? '',
  }
}

/** Writes `config` as a feeds.json the CLI accepts (sources by id and url, settings as given). */
export function writeConfigFile(path: string, config: AppConfig): void {
  const { userAgent: _userAgent, ...settings } = config.settings
  writeFileSync(path, `${JSON.stringify({ settings, sources: config.sources.map((s) => ({ id: s.id, url: s.url })) }, null, 2)}\n`)
}
