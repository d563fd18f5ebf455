// What a polling process runs for alerts: new watches' first look at start and on each config
// reload, and the delivery worker, woken after every poll pass.
import { describeError } from '../errors.js'
import { log } from '../lib/log.js'
import type { AppConfig, Store } from '../types.js'
import { type DeliveryDeps, type DeliveryWorker, startDeliveryWorker } from './deliver.js'
import { evaluateNewWatches } from './first-look.js'

export interface AlertService {
  /** After a poll pass: deliver what it queued. */
  wake(): void
  /** A new config: its new watches get their first look. */
  reload(config: AppConfig): Promise<void>
  stop(): Promise<void>
}

export async function startAlerts(deps: Omit<DeliveryDeps, 'store'> & { store: Store; intervalMs?: number }): Promise<AlertService> {
  const look = async (config: AppConfig): Promise<void> => {
    try {
      const fresh = await evaluateNewWatches(deps.store, config)
      if (fresh.length > 0) log.info('New watches evaluated', { watch_ids: fresh.join(',') })
    } catch (err) {
      log.error('Evaluating new watches failed', { error: describeError(err).message })
    }
  }
  await look(deps.getConfig())
  const worker: DeliveryWorker = await startDeliveryWorker(deps)
  return { wake: () => worker.wake(), reload: look, stop: () => worker.stop() }
}
