// Small pieces the subcommands share: config loading with the CLI's error output, the HTTP
// listener, shutdown signals.
import type { Server } from 'node:http'
import type { Express } from 'express'
import { loadConfig } from '../config/index.js'
import { ConfigError, describeError } from '../errors.js'
import type { AppConfig } from '../types.js'
import type { CliContext } from './command.js'

/** The --log-format paragraph of start, serve and poll's help. */
export const logFormatHelp = `--log-format human|json   log lines on stderr as short readable lines or as JSON
                          (default: human on a terminal, json otherwise; env BREACHWIRE_LOG_FORMAT)`

/** The config, or null after printing why it is invalid (the caller exits 1). */
export function loadConfigOrReport(ctx: CliContext): AppConfig | null {
  try {
    return loadConfig(ctx.configPath)
  } catch (err) {
    const message = err instanceof ConfigError ? err.message : `breachwire ${ctx.command}: ${describeError(err).message}`
    ctx.stderr.write(`${message}\n`)
    return null
  }
}

/** Listens and resolves with the server and its URL; rejects on EADDRINUSE and the like. */
export function listen(app: Express, port: number, host: string): Promise<{ server: Server; url: string }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host)
    server.once('error', reject)
    server.once('listening', () => {
      server.off('error', reject)
      const address = server.address()
      const actualPort = typeof address === 'object' && address !== null ? address.port : port
      const shownHost = host.includes(':') ? `[${host}]` : host
      resolve({ server, url: `http://${shownHost}:${actualPort}` })
    })
  })
}

/** Stops accepting, ends idle keep-alive connections now and busy ones after graceMs. */
export function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), graceMs)
    timer.unref()
    server.close(() => {
      clearTimeout(timer)
      resolve()
    })
    server.closeIdleConnections()
  })
}

/** Resolves with the name of the first SIGTERM/SIGINT. */
export function waitForShutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGTERM', onSignal)
      process.off('SIGINT', onSignal)
      resolve(signal)
    }
    process.on('SIGTERM', onSignal)
    process.on('SIGINT', onSignal)
  })
}
