// The poller lock in process: held, refused, released, stale files taken over, and PostgreSQL
// exempt. Two real processes are in tests/cli/poller-lock.test.ts.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openStoreFromOptions } from '../../src/store/index.js'
import { takePollerLock } from '../../src/store/poller-lock.js'
import { startTestPostgres } from '../helpers/postgres.js'

const makeWorkDir = () => mkdtempSync(path.join(tmpdir(), 'bw-lock-'))
const dbIn = (dir: string) => path.join(dir, 'sub', 'bw.db')

describe('takePollerLock', () => {
  it('is refused while held, naming the holder, and free again once released', () => {
    const db = dbIn(makeWorkDir())
    const lock = takePollerLock(db, 'start')
    expect(readFileSync(`${db}.lock`, 'utf8').split('\n').slice(0, 2)).toEqual([String(process.pid), 'start'])
    expect(() => takePollerLock(db, 'poll')).toThrow(`${db} is already being polled by process ${process.pid} (breachwire start, since `)
    lock.release()
    lock.release()
    expect(existsSync(`${db}.lock`)).toBe(false)
    takePollerLock(db, 'poll').release()
  })

  it('takes over a file naming our own pid that this process did not take (a restarted container’s pid 1), and garbage', () => {
    const db = dbIn(makeWorkDir())
    takePollerLock(db, 'poll').release()
    for (const stale of [`${process.pid}\nstart\n2020-01-01T00:00:00.000Z\n`, 'not a lock']) {
      writeFileSync(`${db}.lock`, stale)
      const lock = takePollerLock(db, 'poll')
      expect(readFileSync(`${db}.lock`, 'utf8')).toMatch(new RegExp(`^${process.pid}\npoll\n`))
      lock.release()
    }
  })

  it('openStoreFromOptions holds it until close(); without poller it takes none', async () => {
    const db = dbIn(makeWorkDir())
    const poller = await openStoreFromOptions({ dbPath: db }, { poller: 'poll' })
    await expect(openStoreFromOptions({ dbPath: db }, { poller: 'start' })).rejects.toThrow('already being polled')
    const reader = await openStoreFromOptions({ dbPath: db }, { readonly: true })
    await reader.close()
    await poller.close()
    expect(existsSync(`${db}.lock`)).toBe(false)
  })
})

const server = await startTestPostgres('poller lock: PostgreSQL exempt')

describe.skipIf(server === undefined)('PostgreSQL', () => {
  afterAll(async () => server?.stop())

  it('takes no lock file: several pollers share it through leases', async () => {
    const url = await server!.createDatabase()
    const db = dbIn(makeWorkDir())
    const one = await openStoreFromOptions({ dbPath: db, databaseUrl: url }, { poller: 'start' })
    const two = await openStoreFromOptions({ dbPath: db, databaseUrl: url }, { poller: 'start' })
    expect(existsSync(`${db}.lock`)).toBe(false)
    await one.close()
    await two.close()
  })
})
