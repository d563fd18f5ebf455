// vitest globalSetup: gives the run a file for the skips tools.ts records (test files run in
// forked workers, which inherit this env), and at the end of the run prints ONE summary of the
// groups skipped for missing tools with the one command that installs them.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { APT_PACKAGE, SKIP_LOG_ENV, type SkipRecord, TOOLS, type Tool } from './tools.js'

/** The summary for these skips ('' when nothing was skipped). */
export function formatToolSummary(records: readonly SkipRecord[]): string {
  if (records.length === 0) return ''
  const byGroup = new Map<string, Set<Tool>>()
  for (const { group, missing } of records) {
    const tools = byGroup.get(group) ?? new Set<Tool>()
    for (const tool of missing) tools.add(tool)
    byGroup.set(group, tools)
  }
  const missing = new Set([...byGroup.values()].flatMap((tools) => [...tools]))
  const packages = TOOLS.filter((tool) => missing.has(tool)).map((tool) => APT_PACKAGE[tool])
  const lines = [`Skipped ${byGroup.size} test group(s) for missing tools:`]
  for (const [group, tools] of [...byGroup].sort(([a], [b]) => (a < b ? -1 : 1)))
    lines.push(`  - ${group} (needs ${[...tools].join(', ')})`)
  lines.push(`Install what is missing:  apt-get install -y ${packages.join(' ')}`)
  if (missing.has('postgres')) lines.push('  (or point BREACHWIRE_TEST_DATABASE_URL at a running PostgreSQL)')
  lines.push('Under CI=true a missing tool fails the run instead.')
  return lines.join('\n')
}

/** The skips recorded in a log file, one JSON object per line. */
export function readSkipLog(file: string): SkipRecord[] {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return []
  }
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as SkipRecord)
}

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'breachwire-tool-skips-'))
  const file = join(dir, 'skips.jsonl')
  process.env[SKIP_LOG_ENV] = file
  return () => {
    const summary = formatToolSummary(readSkipLog(file))
    if (summary !== '') console.log(`\n${summary}\n`)
    rmSync(dir, { recursive: true, force: true })
  }
}
