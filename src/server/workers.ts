// Several web processes on one port (serve --workers N), with node:cluster: the primary forks the
// workers, which all listen on the same address (the primary hands connections out round-robin),
// replaces a worker that dies after a back-off, and stops them all on shutdown. The primary serves
// nothing itself; each worker keeps its own caches, keyed on the store's generation, so an item
// one poller commits shows on every worker.
import cluster, { type Worker } from 'node:cluster'
import { log } from '../lib/log.js'

/** The message a worker shuts down on (besides SIGTERM/SIGINT, or losing its primary). */
export const shutdownMessage = 'breachwire:shutdown'

/** A worker that lived shorter than this counts as a crash loop: the back-off grows. */
const stableAfterMs = 30_000
const firstBackoffMs = 250
const maxBackoffMs = 30_000

export interface WorkerPoolOptions {
  count: number
  /** The script each worker runs, with args (the CLI: `serve`, resolved settings in env). */
  exec: string
  args: string[]
  env: Record<string, string>
  /**
   * Awaited before a replacement is forked; a rejection (the database stopped answering, say)
   * postpones the fork by another back-off instead of forking a worker that would die the same way.
   */
  beforeRestart: () => Promise<void>
}

export interface WorkerPool {
  /** Every first worker listens: resolves with the shared address; rejects if one exits first. */
  listening: Promise<{ address: string; port: number }>
  /** Asks every worker to shut down, SIGKILLs those still running after graceMs. */
  stop(graceMs: number): Promise<void>
}

export function startWorkerPool(opts: WorkerPoolOptions): WorkerPool {
  cluster.setupPrimary({ exec: opts.exec, args: opts.args, silent: false })
  let stopping = false
  let quickDeaths = 0
  const startedAt = new Map<Worker, number>()
  const listeningWorkers = new Set<Worker>()
  const restartTimers = new Set<NodeJS.Timeout>()
  let initialPending = opts.count
  let settle: { resolve: (a: { address: string; port: number }) => void; reject: (e: Error) => void } | undefined

  const listening = new Promise<{ address: string; port: number }>((resolve, reject) => {
    settle = { resolve, reject }
  })

  const fork = (): void => {
    const worker = cluster.fork(opts.env)
    startedAt.set(worker, Date.now())
    log.info('Worker started', { worker: worker.id, pid: worker.process.pid })
  }

  const scheduleRestart = (delayMs: number): void => {
    const timer = setTimeout(async () => {
      restartTimers.delete(timer)
      if (stopping) return
      try {
        await opts.beforeRestart()
      } catch (err) {
        const next = Math.min(maxBackoffMs, delayMs * 2)
        log.error('Not restarting a worker yet', { error: err instanceof Error ? err.message : String(err), retryInMs: next })
        scheduleRestart(next)
        return
      }
      if (!stopping) fork()
    }, delayMs)
    restartTimers.add(timer)
  }

  cluster.on('listening', (worker, address) => {
    listeningWorkers.add(worker)
    log.info('Worker listening', { worker: worker.id, pid: worker.process.pid, port: address.port })
    if (settle === undefined) return
    initialPending -= 1
    if (initialPending === 0) {
      settle.resolve({ address: address.address ?? '127.0.0.1', port: address.port })
      settle = undefined
    }
  })

  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker) ?? Date.now())
    startedAt.delete(worker)
    listeningWorkers.delete(worker)
    if (stopping) return
    if (settle !== undefined) {
      // A worker that cannot even start (port taken, database refused) would fail again: give up.
      settle.reject(new Error(`worker ${worker.id} exited before listening (${signal ?? `code ${code}`})`))
      settle = undefined
      return
    }
    quickDeaths = lived < stableAfterMs ? quickDeaths + 1 : 0
    const delayMs = Math.min(maxBackoffMs, firstBackoffMs * 2 ** quickDeaths)
    log.warn('Worker died; restarting it', {
      worker: worker.id,
      pid: worker.process.pid,
      code,
      signal,
      livedMs: lived,
      restartInMs: delayMs,
    })
    scheduleRestart(delayMs)
  })

  for (let i = 0; i < opts.count; i += 1) fork()

  return {
    listening,
    async stop(graceMs) {
      stopping = true
      for (const timer of restartTimers) clearTimeout(timer)
      restartTimers.clear()
      const running = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead())
      await Promise.all(
        running.map(
          (worker) =>
            new Promise<void>((resolve) => {
              const kill = setTimeout(() => worker.process.kill('SIGKILL'), graceMs)
              worker.process.once('exit', () => {
                clearTimeout(kill)
                resolve()
              })
              if (worker.isDead()) resolve()
              // A listening worker is asked over IPC rather than by a signal: one already stopping
              // on a terminal's SIGINT would die of a second signal instead of closing gracefully.
              // One still starting has nothing to finish and may not be listening for messages yet.
              else if (listeningWorkers.has(worker) && worker.isConnected()) worker.send(shutdownMessage)
              else worker.process.kill('SIGTERM')
            }),
        ),
      )
    },
  }
}

/** In a worker: resolves when the primary asks it to stop, or the primary is gone. */
export function waitForPrimaryShutdown(): Promise<string> {
  return new Promise((resolve) => {
    const onMessage = (message: unknown): void => {
      if (message === shutdownMessage) done('primary')
    }
    const onDisconnect = (): void => done('primary gone')
    const done = (why: string): void => {
      process.off('message', onMessage)
      process.off('disconnect', onDisconnect)
      resolve(why)
    }
    process.on('message', onMessage)
    process.on('disconnect', onDisconnect)
  })
}
