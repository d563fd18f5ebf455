// Whether a report is about a breach or an attack at all. Privacy-policy news, patch notes and
// fines over data transfers name companies and numbers too; without a single breach cue, a
// report's organizations, counts, data types and sector would all be guesses.
import type { ReportText } from './text.js'

const BREACH_CUE =
  /\b(?:breach(?:es|ed)?|hack(?:s|ed|ers?|ing)?|cyber-?attacks?|attack(?:s|ed)?|ransomware|stole|stolen|steal(?:s|ing)?|expos(?:ed|es|ing|ure)|leak(?:s|ed)?|compromised?|unauthori[sz]ed|intrusion|extort(?:ion|ed)?|exfiltrat\w*|data theft|(?:cyber|cybersecurity|security|data security|privacy) (?:incident|event)|cyber|cybersecurity|scraped|misconfigured|unprotected|unsecured|accessed|notif(?:y|ies|ied|ying|ication)|suspicious activity|malware|phishing|threat actors?|wrong address(?:es)?|misdirected|improperly|inappropriately|without authori[sz]ation)\b/i

/**
 * Headlines and ledes that say there was no breach ("not caused by a cyberattack", "was not a
 * hack", "reports … are false"; a denial of a gang's claim is still breach news), patch notes ("Apple patches zero-day exploited in attacks") and
 * fines over transfers or tracking: they use breach words without reporting a breach.
 */
const NOT_A_BREACH = [
  /\b(?:not (?:caused by |the result of |due to )?(?:a |an )?(?:cyber-?attack|hack|breach|cyber incident)|no (?:evidence of (?:a )?)?(?:breach|hack)\b\b|reports? (?:of (?:a|an) [\w ]{0,20})?(?:are|were) false)/i,
  /^[^:]{0,40}\b(?:patch(?:es|ed)?|fix(?:es|ed)?|releases? (?:emergency )?(?:updates?|fix(?:es)?|patch(?:es)?))\b[^:]*\b(?:zero-day|vulnerabilit(?:y|ies)|flaws?|bugs?)\b/i,
  /\b(?:study|survey|report|analysis) (?:finds|found|shows|says)\b/i,
  /\b(?:fine[sd]?|pay|to pay|settles?)\b[^.]{0,60}\bover\b[^.]{0,30}\b(?:data transfers?|transferring|privacy violations|cookies?|consent|tracking)\b/i,
]

/** A claim nobody stands behind: "unverified", data "recycled from older breaches", no one confirmed. */
const UNVERIFIED =
  /\b(?:unverified|(?:appears?|appeared) to be (?:recycled|compiled)|recycled from (?:older|earlier|previous)|no (?:bank|organization|company|firm) has (?:been named|confirmed))\b/i

export function isAboutBreach(text: ReportText): boolean {
  if (text.title.includes('?') && (UNVERIFIED.test(text.title) || UNVERIFIED.test(text.summary) || UNVERIFIED.test(text.content)))
    return false
  const opening = `${text.title}. ${text.summary.split(/(?<=[.!?])\s/)[0] ?? ''}`
  if (NOT_A_BREACH.some((re) => re.test(text.title)) || NOT_A_BREACH[0]!.test(opening)) return false
  return BREACH_CUE.test(text.title) || BREACH_CUE.test(text.summary) || BREACH_CUE.test(text.content)
}
