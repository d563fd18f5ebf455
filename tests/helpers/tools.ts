// One policy for the outside programs some tests need (a browser, feed validators, a feed
// reader, a PostgreSQL server). A test group asks `requireTools` before it runs:
//   - every tool here: the group runs;
//   - a tool missing on a developer's machine: the group is skipped, and the skip is recorded so
//     the run ends with one summary and one install command (tests/helpers/tool-summary.ts);
//   - a tool missing under CI (CI=true, as .ci/run sets): requireTools throws, naming the tool, so
//     the file fails and CI can never pass by skipping what it was meant to check.
//
//   const ready = await requireTools('Atom schema and feedparser conformance', ['jing', 'feedparser'])
//   describe.skipIf(!ready)('…', () => { … })
//
// BREACHWIRE_TEST_HIDE_TOOLS=all (or a comma list such as jing,newsboat) makes the probe report
// those tools missing, so the policy itself can be exercised on a machine that has them.
import { spawnSync } from 'node:child_process'
import { accessSync, appendFileSync, constants, readdirSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import pg from 'pg'

export type Tool = 'chromium' | 'feedparser' | 'jing' | 'xmllint' | 'newsboat' | 'postgres'

export const TOOLS: readonly Tool[] = ['chromium', 'feedparser', 'xmllint', 'jing', 'newsboat', 'postgres']

export const CHROMIUM_PATH = '/usr/bin/chromium'
export const PYTHON_PATH = '/usr/bin/python3'

/** The Debian package that brings each tool (apt-get install -y …). */
export const APT_PACKAGE: Record<Tool, string> = {
  chromium: 'chromium',
  feedparser: 'python3-feedparser',
  jing: 'jing',
  xmllint: 'libxml2-utils',
  newsboat: 'newsboat',
  postgres: 'postgresql',
}

/** Env that changes what the probe sees; the policy test passes its own instead of process.env. */
export type ToolEnv = Record<string, string | undefined>

/** Where a PostgreSQL for tests comes from: a server already running, or binaries to start one. */
export type PostgresProbe = { kind: 'url'; url: string } | { kind: 'binaries'; binDir: string } | { kind: 'missing'; reason: string }

export interface SkipRecord {
  group: string
  missing: Tool[]
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** Looked up on PATH without running the program (jing would start a JVM just to say hello). */
function isOnPath(name: string, env: ToolEnv): boolean {
  return (env['PATH'] ?? '').split(delimiter).some((dir) => dir !== '' && isExecutable(join(dir, name)))
}

function isHidden(tool: Tool, env: ToolEnv): boolean {
  const hidden = (env['BREACHWIRE_TEST_HIDE_TOOLS'] ?? '').split(',').map((name) => name.trim())
  return hidden.includes('all') || hidden.includes(tool)
}

/** Debian's PostgreSQL binaries (initdb + pg_ctl), newest major version first. */
function findPostgresBinDir(): string | undefined {
  let versions: string[]
  try {
    versions = readdirSync('/usr/lib/postgresql')
  } catch {
    return undefined
  }
  versions.sort((a, b) => Number(b) - Number(a))
  return versions
    .map((v) => join('/usr/lib/postgresql', v, 'bin'))
    .find((dir) => isExecutable(join(dir, 'initdb')) && isExecutable(join(dir, 'pg_ctl')))
}

async function canConnect(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    await client.query('select 1')
    return undefined
  } catch (err) {
    return err instanceof Error ? err.message : String(err)
  } finally {
    await client.end().catch(() => undefined)
  }
}

/**
 * A PostgreSQL to test against: BREACHWIRE_TEST_DATABASE_URL when it answers, else Debian's
 * binaries to start a throwaway cluster. A URL that is set but does not answer counts as missing
 * (with the reason): falling back silently would test something other than what was asked for.
 */
export async function probePostgres(env: ToolEnv = process.env): Promise<PostgresProbe> {
  if (isHidden('postgres', env)) return { kind: 'missing', reason: 'hidden by BREACHWIRE_TEST_HIDE_TOOLS' }
  const url = env['BREACHWIRE_TEST_DATABASE_URL']
  if (url !== undefined && url !== '') {
    const failure = await canConnect(url)
    return failure === undefined
      ? { kind: 'url', url }
      : { kind: 'missing', reason: `BREACHWIRE_TEST_DATABASE_URL does not answer: ${failure}` }
  }
  const binDir = findPostgresBinDir()
  if (binDir !== undefined) return { kind: 'binaries', binDir }
  return { kind: 'missing', reason: 'no BREACHWIRE_TEST_DATABASE_URL and no initdb/pg_ctl under /usr/lib/postgresql/*/bin' }
}

const syncProbes: Record<Exclude<Tool, 'postgres'>, (env: ToolEnv) => boolean> = {
  chromium: () => isExecutable(CHROMIUM_PATH),
  feedparser: () => spawnSync(PYTHON_PATH, ['-c', 'import feedparser'], { stdio: 'ignore' }).status === 0,
  jing: (env) => isOnPath('jing', env),
  xmllint: (env) => isOnPath('xmllint', env),
  newsboat: (env) => isOnPath('newsboat', env),
}

/** Whether one tool is usable here. */
export async function hasTool(tool: Tool, env: ToolEnv = process.env): Promise<boolean> {
  if (tool === 'postgres') return (await probePostgres(env)).kind !== 'missing'
  return !isHidden(tool, env) && syncProbes[tool](env)
}

/** The error a CI run fails with when a tool is missing: it names the tool and its package. */
export class MissingToolError extends Error {
  constructor(group: string, missing: Tool[]) {
    super(
      `${group}: needs ${missing.join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} missing; under CI a missing tool fails the run ` +
        `(apt-get install -y ${missing.map((tool) => APT_PACKAGE[tool]).join(' ')})`,
    )
    this.name = 'MissingToolError'
  }
}

/**
 * True when every tool the group needs is here. Otherwise: under CI (env CI set and not "false"
 * or "0") throws MissingToolError; locally records the skip (see tool-summary.ts) and returns false.
 */
export async function requireTools(group: string, tools: readonly Tool[], env: ToolEnv = process.env): Promise<boolean> {
  const missing: Tool[] = []
  for (const tool of tools) if (!(await hasTool(tool, env))) missing.push(tool)
  if (missing.length === 0) return true
  const ci = env['CI']
  if (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0') throw new MissingToolError(group, missing)
  recordSkip({ group, missing }, env)
  return false
}

/** Env var naming the file this run's skips are appended to (set by tool-summary.ts's setup). */
export const SKIP_LOG_ENV = 'BREACHWIRE_TEST_TOOL_SKIPS'

function recordSkip(record: SkipRecord, env: ToolEnv): void {
  const file = env[SKIP_LOG_ENV]
  // Without the run's log (a file run outside this vitest config) the skip still says why.
  if (file === undefined || file === '') console.warn(`skipped: ${record.group} (missing ${record.missing.join(', ')})`)
  // One short line per append: concurrent workers never interleave within it.
  else appendFileSync(file, `${JSON.stringify(record)}\n`)
}
