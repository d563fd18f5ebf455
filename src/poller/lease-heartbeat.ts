// The heartbeat of a poller on a shared database: while a claimed source waits in the host queue
// or is being polled, its lease is renewed every third of the lease, so a healthy poller whose
// pass runs long keeps its sources. A paused process (SIGSTOP, a long GC or VM stall) cannot beat:
// its leases run out, another poller claims the sources, and the late writes are fenced. A lease
// found taken over is dropped and logged; its poll's writes will be refused by the fence.
import { describeError } from '../errors.js'
import { log } from '../lib/log.js'
import type { SourceLease, SourceLeases } from '../types.js'

export interface LeaseHeartbeat {
  hold(lease: SourceLease): void
  drop(lease: SourceLease): void
  /** No more beats; resolves once a renewal in flight is done. */
  stop(): Promise<void>
}

export function startLeaseHeartbeat(leases: SourceLeases, leaseMs: () => number): LeaseHeartbeat {
  const held = new Map<string, SourceLease>()
  let timer: NodeJS.Timeout | undefined
  let inFlight: Promise<void> = Promise.resolve()
  let stopped = false

  const beat = async (): Promise<void> => {
    const batch = [...held.values()]
    if (batch.length === 0) return
    try {
      const { lost } = await leases.renew(batch, leaseMs())
      for (const lease of lost) {
        // Only if still the same hold: the poll may have ended (and been re-claimed) meanwhile.
        if (held.get(lease.sourceId)?.token === lease.token) held.delete(lease.sourceId)
        log.warn('A source lease was taken over by another poller; this poll will not be stored', {
          source_id: lease.sourceId,
          lease_token: lease.token,
        })
      }
    } catch (err) {
      log.warn('Could not renew source leases; trying again on the next beat', { leases: batch.length, error: describeError(err).message })
    }
  }

  const schedule = (): void => {
    if (stopped) return
    timer = setTimeout(() => {
      inFlight = beat().finally(schedule)
    }, leaseMs() / 3)
    // A poller with nothing else to do must still exit when asked.
    timer.unref()
  }
  schedule()

  return {
    hold: (lease) => void held.set(lease.sourceId, lease),
    drop(lease) {
      if (held.get(lease.sourceId)?.token === lease.token) held.delete(lease.sourceId)
    },
    async stop() {
      stopped = true
      clearTimeout(timer)
      await inFlight
    },
  }
}
