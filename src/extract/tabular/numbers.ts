// A record count as tables write it: "212,418", "212 418", "212418", "1.2 million", "3.5M".
// Words for "not stated" are no number and no error; anything else unreadable is an error.

const GROUPED = /^\d{1,3}(?:([,.\u00a0\u202f ])\d{3})(?:\1\d{3})*$/
const PLAIN = /^\d+(?:\.0+)?$/
const SCALED = /^(\d+(?:\.\d+)?)\s*(million|m|billion|bn|b|thousand|k)$/i
const SCALE: Record<string, number> = { million: 1e6, m: 1e6, billion: 1e9, bn: 1e9, b: 1e9, thousand: 1e3, k: 1e3 }
const NOT_STATED = /^(?:|-|–|—|n\/?a|unknown|not known|tbd|tba|pending|not provided|not stated|none|null)$/i

export type CountReading = { ok: true; value: number | null } | { ok: false }

/** The count in a cell: a whole number, null for "not stated", or not ok for anything else. */
export function readCount(text: string): CountReading {
  const value = readNumber(text)
  if (value === undefined) return { ok: false }
  return value === null || Number.isSafeInteger(value) ? { ok: true, value } : { ok: false }
}

function readNumber(text: string): number | null | undefined {
  const t = text
    .trim()
    .replace(/^~|^approx(?:imately|\.)?\s*/i, '')
    .replace(/\+$/, '')
  if (NOT_STATED.test(t)) return null
  if (PLAIN.test(t)) return Math.trunc(Number(t))
  if (GROUPED.test(t)) return Number(t.replace(/\D/g, ''))
  const scaled = SCALED.exec(t)
  if (scaled !== null) return Math.round(Number(scaled[1]) * (SCALE[(scaled[2] as string).toLowerCase()] ?? 1))
  return undefined
}
