// `breachwire add URL --type csv|json|table`, run in-process with the command's own flag table
// against a loopback server: the preview shows the first rows as they would be stored (facts
// included) and the skipped rows; the source is appended only when the map reads the document.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { parseArgs } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addCommand } from '../../src/commands/add.js'
import { loadConfig } from '../../src/config/index.js'
import { setLogLevel } from '../../src/lib/log.js'
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js'

let site: FixtureServer

beforeAll(async () => {
  setLogLevel('silent')
  site = await startFixtureServer()
  site.serveFile('/hhs.csv', 'official/hhs-ocr.csv', { contentType: 'text/csv' })
  site.serveFile('/victims.json', 'official/ransomware-victims.json', { contentType: 'application/json' })
})

afterAll(async () => {
  await site?.close()
})

async function add(args: string[]): Promise<{ code: number; stdout: string; stderr: string; file: string }> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'bw-add-tab-')), 'feeds.json')
  writeFileSync(file, JSON.stringify({ settings: { allowPrivateNetworks: true, timeoutSeconds: 5 }, sources: [] }, null, 2))
  const { values, positionals } = parseArgs({ args, options: addCommand.options, allowPositionals: true, strict: true })
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  const chunks = { out: '', err: '' }
  stdout.on('data', (c: Buffer) => (chunks.out += c.toString()))
  stderr.on('data', (c: Buffer) => (chunks.err += c.toString()))
  const code = await addCommand.run({
    command: 'add',
    configPath: file,
    dbPath: ':memory:',
    port: 0,
    host: '127.0.0.1',
    values,
    positionals,
    stdout,
    stderr,
  })
  return { code, stdout: chunks.out, stderr: chunks.err, file }
}

describe('breachwire add --type csv|json|table', () => {
  it('previews the first rows with their facts and the skipped rows, then appends the source', async () => {
    const run = await add([
      `${site.url}/hhs.csv`,
      '--type',
      'csv',
      '--id',
      'hhs-ocr',
      '--map',
      'title={Name of Covered Entity} reports breach affecting {Individuals Affected} people',
      '--map',
      '{"date":"Breach Submission Date","records":"Individuals Affected","organizations":"Name of Covered Entity"}',
      '--map',
      'country==US',
      '--identity',
      'Name of Covered Entity',
      '--identity',
      'Breach Submission Date',
      '--date-format',
      'MM/DD/YYYY',
      '--time-zone',
      'America/New_York',
    ])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const lines = run.stdout.split('\n')
    expect(lines[0]).toBe(`Found table (untitled) at ${site.url}/hhs.csv: 4 item(s)`)
    expect(lines[1]).toBe('  2025-03-03  Lakeside Regional Medical Center reports breach affecting 212,418 people')
    expect(lines[2]).toMatch(new RegExp(`^ {14}${site.url}/hhs\\.csv#row-[0-9a-f]{16}$`))
    expect(lines[3]).toBe('              organizations: Lakeside Regional Medical Center | records: 212418 | country: US')
    expect(run.stdout).toContain('Warning: 2 rows skipped: row 4 (line 6): Individuals Affected: not a number: "n/a?"')
    expect(run.stdout).toContain('Added "hhs-ocr" to')
    const source = loadConfig(run.file).sources[0]
    expect(source).toMatchObject({
      id: 'hhs-ocr',
      type: 'csv',
      url: `${site.url}/hhs.csv`,
      map: {
        title: '{Name of Covered Entity} reports breach affecting {Individuals Affected} people',
        date: 'Breach Submission Date',
        country: '=US',
      },
      identity: ['Name of Covered Entity', 'Breach Submission Date'],
      dateFormat: 'MM/DD/YYYY',
      timeZone: 'America/New_York',
    })
  })

  it('refuses a map the document cannot satisfy, naming the columns there are, and writes nothing', async () => {
    const run = await add([
      `${site.url}/victims.json`,
      '--type',
      'json',
      '--rows',
      'data.victims',
      '--map',
      'title=victim',
      '--identity',
      'victim',
    ])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(
      /^extract: map\.title names column "victim"; identity\[0\] names column "victim", which the table does not have \(columns: "post_title", "group_name"/,
    )
    expect(loadConfig(run.file).sources).toEqual([])
  })

  it('checks the flags before fetching anything', async () => {
    const before = site.hits('/victims.json')
    const missing = await add([`${site.url}/victims.json`, '--type', 'json', '--map', 'title=post_title', '--identity', 'post_title'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('sources[0].rows: required when type is "json"')
    const bad = await add([`${site.url}/victims.json`, '--type', 'json', '--map', 'post_title'])
    expect(bad.stderr).toBe('breachwire add: --map: expected FIELD=COLUMN or a JSON object, got "post_title"\n')
    const misplaced = await add([`${site.url}/victims.json`, '--identity', 'x'])
    expect(misplaced.stderr).toContain('only used with --type csv, json or table')
    expect(site.hits('/victims.json')).toBe(before)
  })
})
