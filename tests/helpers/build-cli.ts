// Compiles src/ into dist/ at most once per test run, so CLI tests spawn `node dist/cli.js` (what
// `npm start` and the bin run) instead of paying tsx's on-the-fly compile in every child.
// - ensureCliBuilt() runs when run-cli.ts is first imported, so a run without CLI tests never
//   builds; the globalSetup below marks the run, so later test files (other workers) skip even the
//   freshness check and a src/ edit mid-run never rebuilds under a running CLI.
// - Skipped when dist/ is newer than every file in src/. Emits even with type errors (tsx ran such
//   code too); the type check itself is `npm test`'s first step.
// - Several runs may start in the same checkout at once, so the build holds a lock.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const repoRoot = resolve(import.meta.dirname, '..', '..')
export const distDir = join(repoRoot, 'dist')
/** Env var naming the file that says this run's dist/ is built (set by the globalSetup). */
const BUILT_MARK_ENV = 'BREACHWIRE_TEST_CLI_BUILT'

const stampFile = join(distDir, '.test-build-stamp')
const lockDir = join(repoRoot, 'node_modules', '.breachwire-build-lock')
const LOCK_STALE_MS = 5 * 60_000

function newestMtimeMs(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs)
  }
  return newest
}

function isFresh(): boolean {
  if (!existsSync(join(distDir, 'cli.js')) || !existsSync(stampFile)) return false
  const builtFrom = Number(readFileSync(stampFile, 'utf8'))
  const inputs = Math.max(newestMtimeMs(join(repoRoot, 'src')), statSync(join(repoRoot, 'tsconfig.json')).mtimeMs)
  return inputs < builtFrom
}

async function withLock<T>(fn: () => T): Promise<T> {
  for (;;) {
    try {
      mkdirSync(lockDir)
      break
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      // A run that crashed mid-build leaves its lock behind; a build never takes minutes.
      const heldSince = statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs
      if (heldSince !== undefined && Date.now() - heldSince > LOCK_STALE_MS) rmSync(lockDir, { recursive: true, force: true })
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
  try {
    return fn()
  } finally {
    rmSync(lockDir, { recursive: true, force: true })
  }
}

function build(): void {
  // Stamped with the time the build started: a file saved during the build makes the next run rebuild.
  const started = Date.now()
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  const buildInfo = join(distDir, '.tsbuildinfo')
  // tsc --incremental trusts its build info, not the outputs: without dist/cli.js, start over.
  if (!existsSync(join(distDir, 'cli.js'))) rmSync(buildInfo, { force: true })
  const run = spawnSync(
    process.execPath,
    [tsc, '-p', 'tsconfig.json', '--noEmitOnError', 'false', '--incremental', '--tsBuildInfoFile', buildInfo],
    { cwd: repoRoot, encoding: 'utf8' },
  )
  if (run.error) throw run.error
  if (!existsSync(join(distDir, 'cli.js')))
    throw new Error(`build-cli: tsc produced no dist/cli.js (exit ${run.status}):\n${run.stdout}${run.stderr}`)
  if (run.status !== 0) console.warn(`build-cli: src/ has type errors (see npm run typecheck); CLI tests run what tsc emitted anyway`)
  writeFileSync(stampFile, String(started))
}

/** Makes sure dist/cli.js is current for this run (see the top of this file). */
export async function ensureCliBuilt(): Promise<void> {
  const mark = process.env[BUILT_MARK_ENV]
  if (mark !== undefined && existsSync(mark)) return
  await withLock(() => {
    if (mark !== undefined && existsSync(mark)) return
    if (!isFresh()) build()
    if (mark !== undefined) writeFileSync(mark, '')
  })
}

/** vitest globalSetup: a fresh mark path for this run (forked workers inherit the env). */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'breachwire-cli-build-'))
  process.env[BUILT_MARK_ENV] = join(dir, 'built')
  return () => rmSync(dir, { recursive: true, force: true })
}
