// The settings a feeds.json gets when it leaves them out (the contract's defaults).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Settings } from '../types.js'
import { DEFAULT_CATEGORY_SYNONYMS } from './category-synonyms.js'

/** src/config/ and dist/config/ are both two levels below package.json. */
const packageJsonPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json')

function readPackageInfo(): { version: string; homepage: string } {
  try {
    const pkg = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { version?: unknown; homepage?: unknown }
    return {
      version: typeof pkg.version === 'string' ? pkg.version : '0.0.0',
      homepage: typeof pkg.homepage === 'string' ? pkg.homepage : 'https://github.com/breachwire/breachwire',
    }
  } catch {
    return { version: '0.0.0', homepage: 'https://github.com/breachwire/breachwire' }
  }
}

const packageInfo = readPackageInfo()

/** The version from package.json ("0.0.0" if it cannot be read). */
export const appVersion = packageInfo.version

/** `breachwire/<version> (+<homepage>)` */
export const defaultUserAgent = `breachwire/${packageInfo.version} (+${packageInfo.homepage})`

export const defaultSettings: Readonly<Settings> = Object.freeze({
  schedule: '*/15 * * * *',
  concurrency: 8,
  perHostConcurrency: 2,
  timeoutSeconds: 20,
  maxBytes: 10_485_760,
  userAgent: defaultUserAgent,
  retentionDays: 365,
  keepPerSource: 50,
  maxItemsPerFetch: 1_000,
  maxItemsPerSource: 10_000,
  allowPrivateNetworks: false,
  categorySynonyms: DEFAULT_CATEGORY_SYNONYMS,
})
