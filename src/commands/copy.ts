// breachwire copy: moves an install from its SQLite file to an empty PostgreSQL database (ids
// kept, one transaction), then prints each table's row count on both sides and fails when they
// differ. The target is migrated first; a non-empty target is refused.
import { existsSync } from 'node:fs'
import { copySqliteToPostgres } from '../store/index.js'
import type { Command } from './command.js'

export const copyCommand: Command = {
  summary: 'copy a SQLite database into an empty PostgreSQL one, verify counts',
  usage: 'copy --from <sqlite file> --to <postgres url>',
  help: `Copies everything in the SQLite file (sources with their fetch state, items, stories,
tombstones, story evidence, links and tokens) into the PostgreSQL database, keeping every id,
in one transaction: a failed copy leaves the target as it was. The target is migrated first
and must hold no sources, items, stories or tombstones. Prints the rows counted on both sides,
table by table; exits 1 when any count differs.
--from defaults to --db (BREACHWIRE_DB), --to to --database-url (BREACHWIRE_DATABASE_URL).`,
  options: { from: { type: 'string' }, to: { type: 'string' } },
  async run(ctx) {
    const from = typeof ctx.values['from'] === 'string' ? ctx.values['from'] : ctx.dbPath
    const to = typeof ctx.values['to'] === 'string' ? ctx.values['to'] : ctx.databaseUrl
    if (to === undefined || !/^postgres(ql)?:\/\//i.test(to)) {
      ctx.stderr.write(
        `breachwire copy: --to: expected a postgres:// or postgresql:// URL${to === undefined ? '' : `, got ${JSON.stringify(to.slice(0, 40))}`}\n`,
      )
      return 1
    }
    if (!existsSync(from)) {
      ctx.stderr.write(`breachwire copy: --from: no SQLite database at ${from}\n`)
      return 1
    }
    const counts = await copySqliteToPostgres(from, to)
    const width = Math.max(...counts.map((c) => c.table.length))
    // The URL is not echoed: it may carry a password.
    const lines = counts.map(
      (c) =>
        `  ${c.table.padEnd(width)}  sqlite ${String(c.sqlite).padStart(7)}  postgres ${String(c.postgres).padStart(7)}${c.sqlite === c.postgres ? '' : '  MISMATCH'}`,
    )
    ctx.stdout.write(`breachwire copy: ${from} -> PostgreSQL\n${lines.join('\n')}\n`)
    const mismatched = counts.filter((c) => c.sqlite !== c.postgres).map((c) => c.table)
    if (mismatched.length > 0) {
      ctx.stderr.write(`breachwire copy: counts differ for ${mismatched.join(', ')}\n`)
      return 1
    }
    ctx.stdout.write('breachwire copy: every count matches\n')
    return 0
  },
}
