// "did you mean …?" for misspelt keys: the closest known key within a small edit distance.

/** The known word closest to `word`, or null when none is close enough to be a likely typo. */
export function suggestKey(word: string, known: readonly string[]): string | null {
  const lower = word.toLowerCase()
  let best: string | null = null
  let bestDistance = Infinity
  for (const candidate of known) {
    const distance = measureEditDistance(lower, candidate.toLowerCase())
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  const allowed = Math.max(1, Math.floor(word.length / 3))
  return best !== null && bestDistance <= allowed ? best : null
}

/** Levenshtein distance with adjacent transpositions counted as one edit. */
export function measureEditDistance(a: string, b: string): number {
  const rows: number[][] = []
  for (let i = 0; i <= a.length; i += 1) {
    const row: number[] = [i]
    for (let j = 1; j <= b.length; j += 1) row.push(i === 0 ? j : 0)
    rows.push(row)
  }
  const at = (i: number, j: number): number => rows[i]?.[j] ?? Infinity
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, at(i - 2, j - 2) + 1)
      }
      ;(rows[i] as number[])[j] = value
    }
  }
  return at(a.length, b.length)
}
