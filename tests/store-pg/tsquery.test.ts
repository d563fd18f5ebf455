// The translation from what users type to a to_tsquery() text, and SQLSTATE → StoreError codes:
// pure functions, no database needed.
import { describe, expect, it } from 'vitest'
import { BadQueryError } from '../../src/errors.js'
import { classifySqlState, toStoreError } from '../../src/store/postgres/pg-errors.js'
import { buildTsQuery } from '../../src/store/postgres/tsquery.js'

describe('buildTsQuery', () => {
  it('maps phrases, prefixes, implicit AND, OR and NOT', () => {
    expect(buildTsQuery('ransomware hospital')).toBe('ransomware & hospital')
    expect(buildTsQuery('"data breach"')).toBe('(data <-> breach)')
    expect(buildTsQuery('breach*')).toBe('breach:*')
    expect(buildTsQuery('hospital OR school')).toBe('( hospital | school )')
    expect(buildTsQuery('ransomware NOT school -hospital')).toBe('( ransomware ) & ! school & ! hospital')
    expect(buildTsQuery('Société Générale')).toBe('Société & Générale')
  })

  it('never lets tsquery syntax through: operators typed by users become words or vanish', () => {
    for (const input of ['a:* & !b | (c', "x' <-> y", "'; drop table items; --", 'NEAR(a b)', 'title:bank', 'a\\b']) {
      expect(buildTsQuery(input)).toMatch(/^[\p{L}\p{N}\p{M} ()&|!<>:*-]*$/u)
      expect(buildTsQuery(input)).not.toMatch(/['\\;]/)
    }
    // `|` is OR in the users' syntax (as on SQLite); the rest is punctuation.
    expect(buildTsQuery('a:* & !b | (c')).toBe('a & ( b | c )')
  })

  it('refuses what has no positive term, as the SQLite engine does', () => {
    for (const input of ['', '   ', 'NOT x', '-x', '"" ""', 'AND OR']) expect(() => buildTsQuery(input)).toThrow(BadQueryError)
  })
})

describe('PostgreSQL errors', () => {
  it('maps SQLSTATEs to StoreError codes', () => {
    expect(['40001', '40P01', '55P03', '57014'].map(classifySqlState)).toEqual(['busy', 'busy', 'busy', 'busy'])
    expect(classifySqlState('25006')).toBe('readonly')
    expect(classifySqlState('53100')).toBe('full')
    expect(['08006', '08001', '57P01', '57P03'].map(classifySqlState)).toEqual(['io', 'io', 'io', 'io'])
    expect(classifySqlState('XX001')).toBe('corrupt')
    expect(classifySqlState('23505')).toBe('other')
  })

  it('wraps socket failures as io and leaves other errors alone', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })
    expect(toStoreError(refused)).toMatchObject({ name: 'StoreError', code: 'io' })
    expect(toStoreError(new Error('Connection terminated unexpectedly'))).toMatchObject({ code: 'io' })
    const mine = new RangeError('store: no item 3')
    expect(toStoreError(mine)).toBe(mine)
  })
})
