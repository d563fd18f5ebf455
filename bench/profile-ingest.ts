// One cold ingest of a small corpus, for `node --cpu-prof`:
//   node --cpu-prof --cpu-prof-dir=artifacts/bench/profiles --import tsx bench/profile-ingest.ts [MB=8] [warm]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setLogLevel } from '../src/lib/log.js'
import { generateCorpus } from './corpus.js'
import { CORPUS_EPOCH } from './feed-documents.js'
import { ingestFiles, makeSource } from './ingest.js'

setLogLevel('silent')
const dir = mkdtempSync(join(tmpdir(), 'breachwire-profile-'))
try {
  const corpus = generateCorpus(join(dir, 'corpus'), { seed: 42, targetBytes: Number(process.argv[2] ?? 8) * 1e6 })
  const files = corpus.files.map((f) => ({
    body: readFileSync(f.path),
    source: makeSource(f.sourceIndex, f.url),
    url: f.url,
    contentType: f.contentType,
    xml: f.format !== 'json',
    path: f.path,
  }))
  const now = new Date(CORPUS_EPOCH + 86_400_000)
  const dbPath = join(dir, 'profile.db')
  if (process.argv[3] === 'warm') await ingestFiles(files, dbPath, now)
  const start = performance.now()
  const times = await ingestFiles(files, dbPath, now)
  const ms = performance.now() - start
  process.stdout.write(
    `${corpus.files.length} files, ${(corpus.totalBytes / 1e6).toFixed(1)} MB, ${times.items} items in ${ms.toFixed(0)} ms: ${JSON.stringify(times)}\n`,
  )
} finally {
  rmSync(dir, { recursive: true, force: true })
}
