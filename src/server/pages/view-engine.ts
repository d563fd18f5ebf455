// The one template engine of the reader pages: Eta over views/, autoescaping on, templates
// compiled once and cached. The stylesheet and script URLs carry a content hash so /static can be cached
// for a year without serving a stale file after an upgrade.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Eta } from 'eta'

/** views/ at the repository root (the same relative spot from src/ and from dist/). */
export const viewsDir = fileURLToPath(new URL('../../../views', import.meta.url))
export const staticDir = fileURLToPath(new URL('../../../views/static', import.meta.url))

let engine: Eta | undefined
let assetVersion: string | undefined

export function getViewEngine(): Eta {
  engine ??= new Eta({ views: viewsDir, autoEscape: true, cache: true, autoTrim: [false, 'nl'] })
  return engine
}

/** The files the layout links with `?v=`. */
const VERSIONED_ASSETS = ['style.css', 'keys.js']

/** A short hash of the stylesheet and the script, for cache-busting `?v=` query strings. */
export function getAssetVersion(): string {
  if (assetVersion === undefined) {
    try {
      const hash = createHash('sha256')
      for (const name of VERSIONED_ASSETS) hash.update(readFileSync(`${staticDir}/${name}`))
      assetVersion = hash.digest('hex').slice(0, 10)
    } catch {
      assetVersion = '0'
    }
  }
  return assetVersion
}
