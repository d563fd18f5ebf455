// What an empty river says, from the sources' health: on a first run the reader should learn
// whether the poll is still running, every source is failing, or nothing is configured, and
// where to look (/status), rather than a bare "nothing here".
import type { SourceState } from '../../types.js'
import { formatCount } from './format.js'
import type { LinkView } from './view-models.js'
import { toHealthState } from './view-models.js'

export interface EmptyView {
  text: string
  /** Printed after the text, when the reader has somewhere to go. */
  link: LinkView | null
}

const STATUS_LINK: LinkView = { text: '/status', href: '/status' }

/** The empty state of the river's first page, for the sources as stored now. */
export function describeEmptyRiver(sources: SourceState[], now: Date): EmptyView {
  const active = sources.filter((s) => s.enabled && s.inConfig)
  if (active.length === 0) {
    return { text: 'No sources are configured yet. Add one to feeds.json, or run breachwire add URL.', link: null }
  }
  const count = formatCount(active.length, 'source')
  const states = active.map((s) => toHealthState(s, now))
  const troubled = states.filter((state) => state === 'failing' || state === 'backoff').length
  if (troubled === active.length) {
    const failing = states.includes('failing')
    const backingOff = states.includes('backoff')
    const how = failing && backingOff ? 'failing or backing off' : backingOff ? 'backing off' : 'failing'
    return { text: `${count}, ${active.length === 1 ? how : `all ${how}`}: see`, link: STATUS_LINK }
  }
  if (active.every((s) => s.lastTriedAt === null)) {
    return {
      text: `Nothing here yet: the first poll of ${count} is running. Stories appear here as the sources answer; progress on`,
      link: STATUS_LINK,
    }
  }
  if (active.every((s) => s.lastSuccessAt === null)) {
    return { text: `Nothing here yet: none of ${count} has answered successfully so far (${troubled} failing). See`, link: STATUS_LINK }
  }
  return { text: `Nothing here yet: the sources answered, but none has published a post so far. Details on`, link: STATUS_LINK }
}
