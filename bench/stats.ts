// Medians, timing and the figures' formatting.

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

export function formatNumber(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return 'n/a'
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
}

export function formatRatio(value: number): string {
  if (!Number.isFinite(value)) return 'n/a'
  if (value >= 10) return `${value.toFixed(0)}×`
  return value >= 0.1 || value === 0 ? `${value.toFixed(2)}×` : `${value.toPrecision(2)}×`
}

/** Runs fn `runs` times, returning each run's milliseconds. */
export async function timeRuns(runs: number, fn: (run: number) => unknown | Promise<unknown>): Promise<number[]> {
  const times: number[] = []
  for (let run = 0; run < runs; run++) {
    const start = performance.now()
    await fn(run)
    times.push(performance.now() - start)
  }
  return times
}
