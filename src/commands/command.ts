// What every subcommand is: a name, its usage, its own flags, and run(ctx) → exit code.
// cli.ts parses argv, resolves flags > env > defaults once, and hands the result over.
import type { ParseArgsConfig } from 'node:util'

export type FlagValue = string | boolean | (string | boolean)[] | undefined

export interface CliContext {
  /** The command name as typed. */
  command: string
  configPath: string
  dbPath: string
  /** A postgres:// URL (--database-url, BREACHWIRE_DATABASE_URL): PostgreSQL instead of the SQLite file at dbPath. */
  databaseUrl?: string | undefined
  port: number
  host: string
  /** Every flag as parsed (the resolved ones above included as given). */
  values: Record<string, FlagValue>
  positionals: string[]
  stdout: NodeJS.WritableStream & { isTTY?: boolean }
  stderr: NodeJS.WritableStream & { isTTY?: boolean }
}

export interface Command {
  summary: string
  /** One line after "breachwire ": `poll [--config F] [--db F] [--source ID]...` */
  usage: string
  /** Longer help: what it does, flags explained. */
  help: string
  /** Flags beyond the common --config, --db, --database-url, --help. */
  options: NonNullable<ParseArgsConfig['options']>
  allowPositionals?: boolean
  run(ctx: CliContext): Promise<number>
}
