// Query parameters dropped when MATCHING: the shared tracking list of src/lib/url.ts plus a few
// more that are safe to ignore for matching only (ref, share, rss, …), since display keeps the raw link.

import { isTrackingParam as isSharedTrackingParam } from '../lib/url.js'

const EXACT = new Set([
  'fbclid', 'gclid', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'twclid', 'ttclid', 'igshid',
  'mc_cid', 'mc_eid', 'mkt_tok', '_hsenc', '_hsmi', 'hsctatracking', '__hssc', '__hstc', '__hsfp',
  'ref', 'ref_src', 'ref_url', 'referrer', 'cmpid', 'cmp', 'ncid', 'ocid', 'sr_share', 's_cid', 'spm',
  'vero_id', 'vero_conv', 'oly_enc_id', 'oly_anon_id', '__twitter_impression', 'at_medium',
  'at_campaign', 'at_custom1', 'at_custom2', 'xtor', 'ito', 'wt_mc', 'wt.mc_id', 'smid', 'smtyp',
  'guccounter', 'guce_referrer', 'guce_referrer_sig', '_ga', '_gl', 'taid', 'mbid', 'rss', 'feed_id',
  'share', 'campaign_id', 'icid', 'trk', 'trkcampaign', 'soc_src', 'soc_trk', 'ss_source',
  'ss_campaign_id', 'ss_email_id', 'rb_clickid', 'pk_campaign', 'pk_kwd', 'pk_source', 'mtm_campaign',
  'mtm_source', 'mtm_medium', 'ga_source', 'ga_medium', 'ga_campaign',
])

const PREFIXES = ['utm_', 'utm-', 'pk_', 'mtm_', 'hmb_', 'at_', 'mc_', 'stm_', 'vgo_', 'ir_']

/** True for a (lowercased) parameter name that only tracks. */
export function isTrackingParam(name: string): boolean {
  if (isSharedTrackingParam(name) || EXACT.has(name)) return true
  return PREFIXES.some((p) => name.startsWith(p))
}
