// createApp over a real in-memory store, listening on 127.0.0.1:0, and a raw HTTP client that
// shows exactly what went over the wire (no automatic decompression, any header, HEAD).
import { request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { AppContext } from '../../src/server/context.js'
import { createApp } from '../../src/server/index.js'
import type { AppConfig, FeedSource, Settings, Store } from '../../src/types.js'
import { makeSource } from '../helpers/store.js'

export const NOW = new Date('2026-03-10T12:00:00.000Z')
export const hoursAgo = (h: number): string => new Date(NOW.getTime() - h * 3_600_000).toISOString()

export const settings: Settings = {
  schedule: '*/15 * * * *',
  concurrency: 8,
  perHostConcurrency: 2,
  timeoutSeconds: 20,
  maxBytes: 10 * 1024 * 1024,
  userAgent: 'breachwire/test',
  retentionDays: 365,
  keepPerSource: 50,
  maxItemsPerFetch: 1_000,
  maxItemsPerSource: 10_000,
  allowPrivateNetworks: false,
}

export function makeConfig(sources: FeedSource[]): AppConfig {
  return { path: 'feeds.json', settings, sources }
}

export interface Running {
  base: string
  port: number
  store: Store
  close(): Promise<void>
}

export async function startApp(store: Store, config: AppConfig | (() => AppConfig), extra: Partial<AppContext> = {}): Promise<Running> {
  const getConfig = typeof config === 'function' ? config : () => config
  const app = createApp({ store, getConfig, now: () => NOW, ...extra })
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  const port = (server.address() as AddressInfo).port
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    store,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export interface RawResponse {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
  text: string
}

/** One request, raw: the body as sent (still compressed if it was). */
export function send(base: string, path: string, opts: { method?: string; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(base)
    const req = httpRequest(
      { host: url.hostname, port: url.port, path, method: opts.method ?? 'GET', headers: { connection: 'close', ...opts.headers } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const body = Buffer.concat(chunks)
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') })
        })
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end()
  })
}

export function json<T = unknown>(res: RawResponse): T {
  return JSON.parse(res.text) as T
}

export { makeSource }

/** The store, counting every call but generation() (the real store does the work). */
export function countCalls(store: Store): { store: Store; calls: string[] } {
  const calls: string[] = []
  const counted = new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown
      if (typeof value !== 'function' || key === 'generation') return value
      return (...args: unknown[]) => {
        calls.push(String(key))
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  })
  return { store: counted, calls }
}
