// Hot reload of feeds.json. fs.watch on the folder (editors often write a new file and rename it
// over the old one, which a watch on the file itself would lose), debounced, plus a stat poll
// every couple of seconds as a safety net (network drives, missed events). A change is only a
// change when the content hash differs, so touching the file or saving it unchanged does nothing.
import { createHash } from 'node:crypto'
import { type FSWatcher, readFileSync, watch } from 'node:fs'
import path from 'node:path'
import type { AppConfig } from '../types.js'
import { parseConfigText, resolveFileLabel } from './load-config.js'

export interface WatchConfigOptions {
  /** Quiet time after the last event before reading the file. Default 250 ms. */
  debounceMs?: number
  /** Stat/hash poll interval. Default 2000 ms. */
  pollMs?: number
}

/**
 * Calls onChange with the new config each time the file's content changes to a valid config,
 * and onError when it changes to an invalid one (the caller keeps its last good config).
 * Returns a function that stops watching.
 */
export function watchConfig(
  configPath: string,
  onChange: (config: AppConfig) => void,
  onError: (err: unknown) => void,
  options: WatchConfigOptions = {},
): () => void {
  const debounceMs = options.debounceMs ?? 250
  const pollMs = options.pollMs ?? 2000
  const label = resolveFileLabel(configPath)
  const dir = path.dirname(path.resolve(configPath))
  const base = path.basename(configPath)
  let lastHash = hashFile(configPath)
  let timer: NodeJS.Timeout | undefined
  let stopped = false

  const check = (): void => {
    timer = undefined
    if (stopped) return
    const hash = hashFile(configPath)
    // A missing file mid-rename: wait for the next event or poll rather than reporting it.
    if (hash === null || hash === lastHash) return
    lastHash = hash
    let config: AppConfig
    try {
      config = { ...parseConfigText(readFileSync(configPath, 'utf8'), label), path: configPath }
    } catch (err) {
      onError(err)
      return
    }
    onChange(config)
  }
  const schedule = (): void => {
    if (stopped) return
    if (timer !== undefined) clearTimeout(timer)
    timer = setTimeout(check, debounceMs)
    timer.unref()
  }

  let watcher: FSWatcher | undefined
  try {
    watcher = watch(dir, { persistent: false }, (_event, filename) => {
      if (filename === null || filename === base || String(filename) === base) schedule()
    })
    watcher.on('error', () => {
      watcher?.close()
      watcher = undefined
    })
  } catch {
    watcher = undefined // the poll below still sees changes
  }
  const poller = setInterval(check, pollMs)
  poller.unref()

  return () => {
    stopped = true
    if (timer !== undefined) clearTimeout(timer)
    clearInterval(poller)
    watcher?.close()
  }
}

function hashFile(file: string): string | null {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex')
  } catch {
    return null
  }
}
