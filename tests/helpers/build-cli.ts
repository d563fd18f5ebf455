// vitest globalSetup: compiles src/ into dist/ once per run, so CLI tests spawn `node dist/cli.js`
// (what `npm start` and the bin run) instead of paying tsx's on-the-fly compile in every child.
// Skipped when dist/ is newer than every file in src/. Emits even with type errors (tsx ran such
// code too); the type check itself is `npm test`'s first step. Several engineers may start a run
// in the same checkout at once, so the build holds a lock.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { distDir, repoRoot } from './run-cli.js'

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
    } catch {
      // A run that crashed mid-build leaves its lock behind; a build never takes minutes.
      if (Date.now() - statSync(lockDir, { throwIfNoEntry: false })!.mtimeMs > LOCK_STALE_MS) rmSync(lockDir, { recursive: true, force: true })
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
  if (!existsSync(join(distDir, 'cli.js'))) throw new Error(`build-cli: tsc produced no dist/cli.js (exit ${run.status}):\n${run.stdout}${run.stderr}`)
  if (run.status !== 0) console.warn(`build-cli: src/ has type errors (see npm run typecheck); CLI tests run what tsc emitted anyway`)
  writeFileSync(stampFile, String(started))
}

export default async function setup(): Promise<void> {
  if (isFresh()) return
  await withLock(() => {
    if (!isFresh()) build()
  })
}
