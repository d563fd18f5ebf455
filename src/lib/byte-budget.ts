// A budget of bytes for work whose memory grows with its input: each job names its size, runs
// while the jobs running fit the budget, and waits its turn otherwise (first come, first served,
// so a big job is not starved by a stream of small ones). A job bigger than the whole budget runs
// alone. The poller reads fetched bodies under one: eight 10 MB bodies parsed at once held
// gigabytes, one at a time they hold tens of megabytes (issue 14).
export interface ByteBudget {
  /** Runs fn once `bytes` fit the budget; the bytes are given back when fn settles. */
  run<T>(bytes: number, fn: () => Promise<T>): Promise<T>
}

export function createByteBudget(maxBytes: number): ByteBudget {
  let inUse = 0
  let running = 0
  const waiting: { bytes: number; start: () => void }[] = []
  const fits = (bytes: number): boolean => running === 0 || inUse + bytes <= maxBytes
  const startWaiting = (): void => {
    while (waiting.length > 0 && fits(waiting[0]!.bytes)) waiting.shift()!.start()
  }
  return {
    async run(bytes, fn) {
      if (waiting.length > 0 || !fits(bytes)) await new Promise<void>((start) => waiting.push({ bytes, start }))
      inUse += bytes
      running++
      try {
        return await fn()
      } finally {
        inUse -= bytes
        running--
        startWaiting()
      }
    },
  }
}
