// breachwire migrate: applies the schema migrations the database lacks, prints the version, exits.
// On PostgreSQL they run in one transaction under an advisory lock, so two processes starting at
// once do not race; start and poll migrate on their own too, serve and sources never do.
import { migrateStore } from '../store/index.js'
import type { Command } from './command.js'

export const migrateCommand: Command = {
  summary: 'apply database migrations, then exit',
  usage: 'migrate [--db F | --database-url URL]',
  help: `Brings the database schema up to the version this breachwire knows, then exits:
the SQLite file of --db (created when missing), or the PostgreSQL database of --database-url
(env BREACHWIRE_DATABASE_URL). Prints the version before and after. A schema newer than this
breachwire knows is refused (exit 1): upgrade breachwire instead.`,
  options: {},
  async run(ctx) {
    const { engine, from, to } = await migrateStore(ctx)
    // The URL is not echoed: it may carry a password.
    const target = engine === 'sqlite' ? `SQLite ${ctx.dbPath}` : 'PostgreSQL'
    const done = from === to ? `already at schema version ${to}` : `schema version ${from} -> ${to}`
    ctx.stdout.write(`breachwire migrate: ${target}: ${done}\n`)
    return 0
  },
}
