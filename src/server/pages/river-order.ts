// The river's two orders, chosen by links and kept in the URL like the view: by last activity
// (the default: a story with a new report comes back to the top) or by when each story was
// first reported (?order=first).
import type { StoryOrder } from '../../types.js'
import { buildHref } from './query.js'

const ORDERS: readonly StoryOrder[] = ['activity', 'first']

/** ?order= as an order ('activity' when absent or empty), or null when it names none. */
export function readRiverOrder(raw: string | undefined): StoryOrder | null {
  if (raw === undefined || raw === '') return 'activity'
  return (ORDERS as readonly string[]).includes(raw) ? (raw as StoryOrder) : null
}

/** The query parameters that keep the order: none for the default. */
export function toOrderParams(order: StoryOrder): { order?: string } {
  return order === 'activity' ? {} : { order }
}

export interface OrderSwitchView {
  links: { text: string; href: string; current: boolean }[]
}

/** "Latest activity · First reported": the river's first page in each order, keeping `params` (the view). */
export function buildOrderSwitch(params: Record<string, string | undefined>, order: StoryOrder): OrderSwitchView {
  const labels: Record<StoryOrder, string> = { activity: 'Latest activity', first: 'First reported' }
  return { links: ORDERS.map((o) => ({ text: labels[o], href: buildHref('/', { ...params, ...toOrderParams(o) }), current: o === order })) }
}
