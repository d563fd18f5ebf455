// Sets up a demo database from the bundled sample feeds: starts the loopback feed server, writes
// a feeds.json that points at it (allowPrivateNetworks, since it is 127.0.0.1), and runs one real
// poll (fetch → parse/extract → clean → dedup → store). The demo and the browser tests share it.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadConfig } from '../src/config/index.js'
import { pollOnce } from '../src/poller/index.js'
import { openStore } from '../src/store/index.js'
import type { AppConfig, FeedSource, PollReport, Store } from '../src/types.js'
import { type DemoFeedServer, type DemoFeedServerOptions, startDemoFeedServer } from './feed-server.js'

export interface DemoSetup {
  feedServer: DemoFeedServer
  config: AppConfig
  configPath: string
  store: Store
  report: PollReport
  /** Stops the feed server and closes the store. */
  close(): Promise<void>
}

export interface PrepareDemoOptions extends DemoFeedServerOptions {
  /** Folder for feeds.json and breachwire.db; emptied of old demo files first. */
  dir: string
  /** More feeds.json sources, built from the feed server's base URL. */
  extraSources?: (base: string) => FeedSource[]
  /** The feeds.json schedule (a node-cron expression). Default every minute: the demo is quick to show change. */
  schedule?: string
}

export async function prepareDemo(options: PrepareDemoOptions): Promise<DemoSetup> {
  mkdirSync(options.dir, { recursive: true })
  const dbPath = join(options.dir, 'breachwire.db')
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true })
  const feedServer = await startDemoFeedServer(options)
  const sources = [...feedServer.sources, ...(options.extraSources?.(feedServer.url) ?? [])]
  const configPath = join(options.dir, 'feeds.json')
  writeFileSync(
    configPath,
    `${JSON.stringify(
      {
        settings: { schedule: options.schedule ?? '* * * * *', timeoutSeconds: 10, allowPrivateNetworks: true },
        sources: sources.map(({ republish: _republish, ...rest }) => rest),
      },
      null,
      2,
    )}\n`,
  )
  const config = loadConfig(configPath)
  const store = openStore(dbPath)
  try {
    const report = await pollOnce({ store, config, ...(options.now ? { now: options.now } : {}) })
    return {
      feedServer,
      config,
      configPath,
      store,
      report,
      close: async () => {
        await feedServer.close()
        await store.close()
      },
    }
  } catch (err) {
    await store.close()
    await feedServer.close()
    throw err
  }
}
