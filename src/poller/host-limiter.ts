// Two limits on fetches at once: `concurrency` over all hosts and `perHostConcurrency` per host
// name. A task first takes a slot of its host's queue, then one of the global queue, so a task
// waiting for its host never holds a global slot that another host could use.
import PQueue from 'p-queue'

export interface HostLimiter {
  /** Runs task when both limits allow. An abort while queued removes it (the promise rejects). */
  run<T>(host: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T>
  /** Applies new limits (a reloaded config); running tasks are not disturbed. */
  resize(concurrency: number, perHostConcurrency: number): void
  /** Tasks running or waiting. */
  size(): number
}

export function createHostLimiter(concurrency: number, perHostConcurrency: number): HostLimiter {
  const global = new PQueue({ concurrency })
  const hosts = new Map<string, PQueue>()
  let perHost = perHostConcurrency

  const hostQueue = (host: string): PQueue => {
    let queue = hosts.get(host)
    if (queue === undefined) {
      queue = new PQueue({ concurrency: perHost })
      hosts.set(host, queue)
    }
    return queue
  }

  return {
    run<T>(host: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      const options = signal === undefined ? {} : { signal }
      return hostQueue(host).add(() => global.add(task, options), options)
    },
    resize(nextConcurrency, nextPerHost) {
      global.concurrency = nextConcurrency
      perHost = nextPerHost
      for (const queue of hosts.values()) queue.concurrency = nextPerHost
    },
    size() {
      let n = global.size + global.pending
      for (const queue of hosts.values()) n += queue.size
      return n
    },
  }
}

/** The limiter key of a URL: its host name, lowercased ("" when unparsable). */
export function resolveHostKey(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase()
  } catch {
    return ''
  }
}
