// The river's two orders, chosen by links and kept in the URL like the view: by last activity
// (the default: a story with a new report comes back to the top) or by when each story was
// first reported (?order=first).
import type { StoryOrder } from '../../types.js'
import { buildChoiceSwitch, type ChoiceSwitchView, readChoice, toChoiceParams } from './choice-links.js'

const ORDER_LABELS: Readonly<Record<StoryOrder, string>> = { activity: 'Latest activity', first: 'First reported' }

/** ?order= as an order ('activity' when absent or empty), or null when it names none. */
export function readRiverOrder(raw: string | undefined): StoryOrder | null {
  return readChoice<StoryOrder>(raw, ORDER_LABELS, 'activity')
}

/** The query parameters that keep the order: none for the default. */
export function toOrderParams(order: StoryOrder): Record<string, string> {
  return toChoiceParams('order', order, 'activity')
}

/** "Order: Latest activity · First reported": the river's first page in each order, keeping `params` (the view). */
export function buildOrderSwitch(params: Record<string, string | undefined>, order: StoryOrder): ChoiceSwitchView {
  return buildChoiceSwitch('Order', '/', params, { name: 'order', labels: ORDER_LABELS, current: order, fallback: 'activity' })
}
