// Shared bits for the fetch tests.

import { expect } from 'vitest'
import type { FetchErrorCode } from '../../src/errors.js'
import { FetchError } from '../../src/errors.js'
import type { FetchSourceOptions } from '../../src/fetch/index.js'

/** Options for loopback tests: private networks allowed unless a test says otherwise. */
export function makeOptions(overrides: Partial<FetchSourceOptions> = {}): FetchSourceOptions {
  return { timeoutMs: 5000, maxBytes: 1 << 20, userAgent: 'breachwire-test/1.0', allowPrivateNetworks: true, ...overrides }
}

/** Awaits a promise that must reject with a FetchError of the given code, and returns the error. */
export async function expectFetchError(promise: Promise<unknown>, code: FetchErrorCode): Promise<FetchError> {
  const err = await promise.then(
    (value) => {
      throw new Error(`expected FetchError ${code}, got a result: ${JSON.stringify(value).slice(0, 200)}`)
    },
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(FetchError)
  const fetchErr = err as FetchError
  expect({ code: fetchErr.code, message: fetchErr.message }).toMatchObject({ code, message: expect.stringMatching(/^fetch: /) })
  return fetchErr
}
