// Query parameters dropped when MATCHING: the shared tracking list of src/lib/url.ts plus a few
// more that are safe to ignore for matching only (ref, share, rss, …), since display keeps the raw link.

import { isTrackingParam as isSharedTrackingParam } from '../lib/url.js'

// Only the names and prefixes lib/url does not already cover.
const EXACT = new Set([
  'ref', 'referrer', 'cmp', 'ocid', 's_cid', 'spm', 'ito', 'smid', 'smtyp', 'guccounter', 'guce_referrer',
  'guce_referrer_sig', 'taid', 'mbid', 'rss', 'feed_id', 'share', 'campaign_id', 'icid', 'trk', 'trkcampaign',
  'ss_source', 'ss_campaign_id', 'ss_email_id', 'ga_source', 'ga_medium', 'ga_campaign',
])

const PREFIXES = ['utm-', 'hmb_', 'at_', 'mc_', 'stm_', 'vgo_', 'ir_']

/** True for a (lowercased) parameter name that only tracks. */
export function isTrackingParam(name: string): boolean {
  if (isSharedTrackingParam(name) || EXACT.has(name)) return true
  return PREFIXES.some((p) => name.startsWith(p))
}
