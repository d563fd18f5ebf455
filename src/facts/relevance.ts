// Whether a report is about a breach or an attack at all. Privacy-policy news, patch notes and
// fines over data transfers name companies and numbers too; without a single breach cue, a
// report's organizations, counts, data types and sector would all be guesses.
import type { ReportText } from './text.js'

const BREACH_CUE =
  /\b(?:breach(?:es|ed)?|hack(?:s|ed|ers?|ing)?|cyber-?attacks?|attack(?:s|ed)?|ransomware|stole|stolen|steal(?:s|ing)?|expos(?:ed|es|ing|ure)|leak(?:s|ed)?|compromised?|unauthori[sz]ed|intrusion|extort(?:ion|ed)?|exfiltrat\w*|data theft|(?:cyber|cybersecurity|security|data security|privacy) (?:incident|event)|cyber|cybersecurity|scraped|misconfigured|unprotected|unsecured|accessed|notif(?:y|ies|ied|ying|ication)|suspicious activity|malware|phishing|threat actors?|wrong address(?:es)?|misdirected|improperly|inappropriately|without authori[sz]ation)\b/i

export function isAboutBreach(text: ReportText): boolean {
  return BREACH_CUE.test(text.title) || BREACH_CUE.test(text.summary) || BREACH_CUE.test(text.content)
}
