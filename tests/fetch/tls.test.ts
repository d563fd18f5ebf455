import { readFileSync } from 'node:fs'
import https from 'node:https'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fetchSource } from '../../src/fetch/index.js'
import { fixturesDir } from '../helpers/fixture-server.js'
import { expectFetchError, makeOptions } from './support.js'

// A throwaway self-signed certificate for localhost/127.0.0.1, made for these tests only.
const cert = readFileSync(path.join(fixturesDir, 'http', 'self-signed.cert.pem'))
const key = readFileSync(path.join(fixturesDir, 'http', 'self-signed.key.pem'))

describe('fetchSource over https', () => {
  let server: https.Server
  let port = 0
  let hits = 0
  beforeEach(async () => {
    hits = 0
    server = https.createServer({ cert, key }, (_req, res) => {
      hits++
      res.setHeader('Content-Type', 'application/atom+xml')
      res.end('<feed xmlns="http://www.w3.org/2005/Atom"/>')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const address = server.address()
    if (address === null || typeof address === 'string') throw new Error('no port')
    port = address.port
  })
  afterEach(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  it('refuses an untrusted certificate with tls', async () => {
    const err = await expectFetchError(fetchSource({ url: `https://localhost:${port}/feed` }, makeOptions()), 'tls')
    expect(err.message).toMatch(/^fetch: TLS failed for https:\/\/localhost:\d+\/feed \(/)
    expect(hits).toBe(0)
  })

  it('applies the address guard to https host names before the handshake', async () => {
    await expectFetchError(
      fetchSource({ url: `https://localhost:${port}/feed` }, makeOptions({ allowPrivateNetworks: false })),
      'blocked_address',
    )
    expect(hits).toBe(0)
  })
})
