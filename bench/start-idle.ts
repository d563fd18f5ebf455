// `breachwire start` as a user runs it: 13 sources (the size of the shipped feeds.json) on the
// loopback feed server. Time from spawn to the first page (`/` answering 200), then the resident
// memory once the first poll of every source is done and the process has sat idle.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeConfigFile } from './cli-run.js'
import { makePollConfig } from './poll.js'
import { startCli } from './serve-cli.js'

export interface StartFigures {
  sources: number
  firstPageMs: number
  firstPollMs: number
  idleRssKb: number
}

const IDLE_MS = 5000

function readRssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN)
}

export async function measureStart(workDir: string, feedPort: number, sources = 13): Promise<StartFigures> {
  const configPath = join(workDir, 'start-feeds.json')
  writeConfigFile(configPath, makePollConfig(feedPort, sources, configPath))
  const cli = await startCli('start', configPath, join(workDir, 'start.db'), [], '/')
  try {
    const begin = performance.now()
    for (;;) {
      const list = (await (await fetch(`${cli.url}/api/sources`)).json()) as { lastSuccessAt: string | null }[]
      if (list.length === sources && list.every((s) => s.lastSuccessAt !== null)) break
      if (performance.now() - begin > 120_000) throw new Error('bench: start did not poll every source within 120 s')
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const firstPollMs = cli.readyMs + (performance.now() - begin)
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS))
    return { sources, firstPageMs: cli.readyMs, firstPollMs, idleRssKb: readRssKb(cli.pid) }
  } finally {
    await cli.stop()
  }
}
