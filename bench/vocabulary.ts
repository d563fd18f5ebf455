// Breach-news words: who was hit, by what, what leaked, who says so. Organisation names are
// built from syllables, so they are plausible and never name a real company.

import type { Random } from './random.js'

const syllables = [
  'al',
  'ver',
  'tra',
  'no',
  'mex',
  'cor',
  'data',
  'lin',
  'qui',
  'sol',
  'bri',
  'den',
  'ax',
  'tel',
  'ora',
  'pha',
  'gen',
  'vis',
  'ter',
  'mo',
]
const orgSuffixes = [
  'Health',
  'Bank',
  'Systems',
  'Insurance',
  'Logistics',
  'University',
  'Telecom',
  'Credit Union',
  'Pharmacy',
  'School District',
  'Energy',
  'Retail Group',
  'Software',
  'Hospital',
  'County',
  'Airlines',
]
export const actors = [
  'LockBit',
  'BlackCat',
  'Cl0p',
  'Akira',
  'Play',
  'BianLian',
  'Medusa',
  'Rhysida',
  '8Base',
  'Royal',
  'Scattered Spider',
  'ShinyHunters',
]
export const incidentKinds = [
  'ransomware attack',
  'data breach',
  'credential stuffing attack',
  'misconfigured database',
  'phishing campaign',
  'insider leak',
  'supply-chain compromise',
  'extortion attempt',
  'MOVEit exploitation',
  'cloud storage exposure',
]
const verbs = [
  'discloses',
  'confirms',
  'notifies patients of',
  'reports',
  'investigates',
  'says it contained',
  'files notice of',
  'warns customers about',
]
const dataKinds = [
  'Social Security numbers',
  'medical records',
  'driver\u2019s licence numbers',
  'payment card data',
  'email addresses and passwords',
  'dates of birth',
  'bank account numbers',
  'insurance claims',
  'employee HR files',
]
export const categories = [
  'Breach',
  'Ransomware',
  'Healthcare',
  'Finance',
  'Education',
  'Government',
  'Lawsuits',
  'Regulation',
  'HIPAA',
  'GDPR',
  'Leak sites',
  'Phishing',
  'Vulnerabilities',
  'Class action',
  'Data exposure',
]
const regulators = [
  'the Maine Attorney General',
  'HHS OCR',
  'the ICO',
  'the California AG',
  'the SEC in an 8-K filing',
  'the Texas AG',
  'the Vermont AG',
]
export const authors = [
  'Dissent',
  'Jane Holloway',
  'Marcus Reyes',
  'Priya Natarajan',
  'Tom Okafor',
  'Lena Fischer',
  'staff writer',
  'Chris Mbeki',
]
const fillers = [
  'The company said it became aware of suspicious activity on its network and engaged third-party forensic specialists.',
  'Affected individuals are being offered complimentary credit monitoring and identity protection services.',
  'A spokesperson declined to say whether a ransom was paid or how many systems were encrypted.',
  'The notice does not say when the intrusion began, only that it was discovered weeks later.',
  'Researchers who reviewed the leaked archive said it contained scanned documents and internal spreadsheets.',
  'A class action complaint filed this week alleges the firm failed to encrypt sensitive data at rest.',
  'Regulators were notified within the statutory window, according to the filing.',
  'The group listed the victim on its leak site and threatened to publish the files unless paid.',
  'Law enforcement has been informed and the investigation is ongoing.',
  'Security teams reset credentials, rebuilt affected servers and added multi-factor authentication.',
]

export interface Incident {
  org: string
  kind: string
  actor: string
  records: number
  dataKind: string
  regulator: string
  /** The organisation's own notice, which many reports cite. */
  noticeUrl: string
  slug: string
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1)
}

export function makeOrgName(random: Random): string {
  const n = random.int(2, 3)
  let name = ''
  for (let i = 0; i < n; i++) name += random.pick(syllables)
  return `${capitalize(name)} ${random.pick(orgSuffixes)}`
}

export function makeIncident(random: Random, index: number): Incident {
  const org = makeOrgName(random)
  const slug = `${org.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${index}`
  return {
    org,
    kind: random.pick(incidentKinds),
    actor: random.pick(actors),
    records: random.int(1, 900) * random.pick([100, 1000, 10000]),
    dataKind: random.pick(dataKinds),
    regulator: random.pick(regulators),
    noticeUrl: `https://notices.example-corp${index % 97}.com/${slug}/notice.html`,
    slug,
  }
}

export function makeTitle(random: Random, incident: Incident): string {
  const count = incident.records.toLocaleString('en-US')
  switch (random.int(0, 4)) {
    case 0:
      return `${incident.org} ${random.pick(verbs)} ${incident.kind} affecting ${count} people`
    case 1:
      return `${incident.actor} claims ${incident.kind} on ${incident.org}`
    case 2:
      return `${incident.org} data breach exposes ${incident.dataKind} of ${count}`
    case 3:
      return `Update: ${incident.org} says ${incident.kind} was contained`
    default:
      return `${incident.org} hit by ${incident.kind}; ${incident.dataKind} at risk`
  }
}

export function makeSentence(random: Random, incident: Incident): string {
  switch (random.int(0, 3)) {
    case 0:
      return `${incident.org} told ${incident.regulator} that ${incident.records.toLocaleString('en-US')} people were affected and that ${incident.dataKind} may have been accessed.`
    case 1:
      return `The ${incident.actor} group has claimed responsibility for the ${incident.kind}, posting samples it says were taken from ${incident.org}.`
    default:
      return random.pick(fillers)
  }
}
