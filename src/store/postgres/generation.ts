// The store's generation, kept in memory so generation() stays synchronous. Every write
// transaction bumps store_changes.generation and NOTIFYs breachwire_changes with the new value
// (see context.ts); this tracker LISTENs on a dedicated connection and keeps the highest value
// seen. While that connection is down it reads the counter every second instead, and it
// reconnects in the background; after reconnecting it reads the counter once more, to pick up
// what committed while nobody listened.
import pg from 'pg'
import { CHANGES_CHANNEL } from './context.js'

export interface GenerationTracker {
  current(): number
  /** A committed generation (a local write, a notification, a poll): keeps the highest. */
  observe(generation: number): void
  close(): Promise<void>
}

export interface TrackerOptions {
  /** Client settings of the dedicated listening connection (same database as the pool). */
  client: pg.ClientConfig
  /** Reads store_changes.generation (through the pool). */
  readCounter: () => Promise<number>
  /** How often the counter is read while the listener is down. Default 1000 ms. */
  pollMs?: number
}

export async function createGenerationTracker(opts: TrackerOptions): Promise<GenerationTracker> {
  const pollMs = opts.pollMs ?? 1000
  let generation = 0
  let closed = false
  let listener: pg.Client | undefined
  let poller: NodeJS.Timeout | undefined
  let connecting: Promise<void> | undefined

  const observe = (value: number): void => {
    if (Number.isSafeInteger(value) && value > generation) generation = value
  }
  const poll = async (): Promise<void> => {
    try {
      observe(await opts.readCounter())
    } catch {
      // The database is unreachable: keep the last value; ping() and queries report the failure.
    }
  }

  const startPolling = (): void => {
    if (poller !== undefined || closed) return
    poller = setInterval(() => {
      void poll()
      if (listener === undefined && connecting === undefined) connecting = listen().finally(() => (connecting = undefined))
    }, pollMs)
    poller.unref()
  }
  const stopPolling = (): void => {
    if (poller !== undefined) clearInterval(poller)
    poller = undefined
  }

  async function listen(): Promise<void> {
    const client = new pg.Client(opts.client)
    const lost = (): void => {
      if (listener !== client) return
      listener = undefined
      client.removeAllListeners('notification')
      void client.end().catch(() => {})
      startPolling()
    }
    // An error on an idle client is emitted, not thrown: without a handler it would crash the process.
    client.on('error', lost)
    client.on('end', lost)
    try {
      await client.connect()
      await client.query(`listen ${CHANGES_CHANNEL}`)
    } catch {
      client.removeAllListeners('end')
      await client.end().catch(() => {})
      startPolling()
      return
    }
    if (closed) {
      await client.end().catch(() => {})
      return
    }
    client.on('notification', (message) => {
      if (message.channel === CHANGES_CHANNEL) observe(Number(message.payload))
    })
    listener = client
    stopPolling()
    await poll()
  }

  await poll()
  await listen()
  return {
    current: () => generation,
    observe,
    async close() {
      closed = true
      stopPolling()
      await connecting
      const client = listener
      listener = undefined
      if (client !== undefined) {
        client.removeAllListeners('end')
        await client.end().catch(() => {})
      }
    },
  }
}
