// Reads feeds.json from disk: the text, then JSON (a syntax error names file, line and column),
// then duplicate keys (each named by file:line:column), then validateConfig.
import { readFileSync } from 'node:fs'
import { ConfigError } from '../errors.js'
import type { AppConfig } from '../types.js'
import { ConfigErrorList } from './config-errors.js'
import { findDuplicateKeys } from './duplicate-keys.js'
import { findJsonSyntaxProblem } from './json-syntax.js'
import { validateConfig } from './validate-config.js'

/** The name messages use for a config path: as the user gave it, without a leading "./". */
export function resolveFileLabel(configPath: string): string {
  return configPath.replace(/^\.[\\/]/, '')
}

/** Reads, parses and validates the config file. Throws ConfigError (every problem, one per line). */
export function loadConfig(configPath: string): AppConfig {
  const label = resolveFileLabel(configPath)
  let text: string
  try {
    text = readFileSync(configPath, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const reason = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? String(err)})`
    throw new ConfigError(label, reason, { cause: err })
  }
  const config = parseConfigText(text, label)
  return { ...config, path: configPath }
}

/** Parses and validates config text; `label` names the file in messages. */
export function parseConfigText(text: string, label: string): AppConfig {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  let raw: unknown
  try {
    raw = JSON.parse(body)
  } catch (err) {
    const problem = findJsonSyntaxProblem(body)
    const where = problem === null ? '' : `line ${problem.line}, column ${problem.column}: `
    const reason = problem?.reason ?? (err instanceof Error ? err.message : String(err))
    throw new ConfigError(label, `${where}not valid JSON: ${reason}`, { cause: err })
  }
  const duplicates = findDuplicateKeys(body, label)
  if (duplicates.length > 0) throw new ConfigErrorList(duplicates)
  return validateConfig(raw, label)
}
