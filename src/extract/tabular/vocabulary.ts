// Cell words → the facts vocabularies (dataTypes, sector, country). Official tables use their own
// words: HHS "Health Plan", HIBP "Email addresses", ransomware trackers "Financial Services". The
// tables below name the words those sources use (docs/official-sources.md lists them); anything
// else goes through the facts lexicons (src/facts/data), the same phrases the text extractor uses.
// A word that is known and means no vocabulary value (HHS "Hacking/IT Incident" is how, not what)
// maps to null on purpose, so the lexicons never guess at it.

import { extractCountry } from '../../facts/country.js'
import { extractDataTypes } from '../../facts/data-types.js'
import { extractSector } from '../../facts/sector.js'
import { prepareText } from '../../facts/text.js'
import { DATA_TYPES, type DataType, SECTORS, type Sector } from '../../facts/types.js'

function key(word: string): string {
  return word.toLowerCase().replace(/&/g, ' and ').replace(/\s+/g, ' ').trim()
}

function table<T>(groups: Record<string, readonly string[]>): Map<string, T | null> {
  const out = new Map<string, T | null>()
  for (const [value, words] of Object.entries(groups)) {
    for (const word of words) out.set(key(word), value === 'none' ? null : (value as T))
  }
  return out
}

const DATA_TYPE_WORDS = table<DataType>({
  contact: ['Email addresses', 'Email address', 'Phone numbers', 'Physical addresses', 'Address', 'Addresses', 'Contact information'],
  credentials: ['Passwords', 'Usernames', 'Password hints', 'Security questions and answers', 'Auth tokens', 'Account credentials', 'PINs'],
  dob: ['Dates of birth', 'Date of birth', 'DOB'],
  ssn: ['Social security numbers', 'Social Security Number', 'SSN'],
  'government-id': ['Government issued IDs', 'Passport numbers', "Driver's licenses", "Driver's License", 'Driver License', 'National IDs'],
  'payment-card': ['Credit cards', 'Partial credit card data', 'Credit card CVV', 'Payment card', 'Credit/Debit card number'],
  financial: [
    'Bank account numbers',
    'Financial information',
    'Financial account',
    'Income levels',
    'Financial transactions',
    'Account Number',
  ],
  health: [
    'Health insurance information',
    'Medical records',
    'Medical information',
    'Health information',
    'Protected health information',
    'PHI',
  ],
  biometric: ['Biometric data', 'Biometric information'],
  genetic: ['Genetic data', 'Genetic information', 'DNA'],
  location: ['Geographic locations', 'GPS coordinates', 'Location data'],
  communications: ['Private messages', 'Chat logs', 'Email messages', 'SMS messages'],
  // HHS "Type of Breach" and "Location of Breached Information", and HIBP classes that are no vocabulary value.
  none: [
    'Hacking/IT Incident',
    'Unauthorized Access/Disclosure',
    'Theft',
    'Loss',
    'Improper Disposal',
    'Other',
    'Unknown',
    'Network Server',
    'Email',
    'Paper/Films',
    'Electronic Medical Record',
    'Desktop Computer',
    'Laptop',
    'Other Portable Electronic Device',
    'Names',
    'Name',
    'IP addresses',
    'Genders',
    'Job titles',
    'Employers',
    'Device information',
    'Browser user agent details',
    'Salutations',
    'Website activity',
  ],
})

const SECTOR_WORDS = table<Sector>({
  // HHS "Covered Entity Type": every one of them is health care.
  healthcare: [
    'Healthcare Provider',
    'Health Plan',
    'Business Associate',
    'Healthcare Clearing House',
    'Healthcare',
    'Health care',
    'Hospital',
    'Medical',
    'Pharmaceutical',
    'Pharmaceuticals',
  ],
  education: ['Education', 'Higher Education', 'Educational', 'K-12', 'School', 'University'],
  government: [
    'Government',
    'Public Sector',
    'Government Administration',
    'State Government',
    'Local Government',
    'Federal Government',
    'Municipal',
  ],
  finance: [
    'Finance',
    'Financial',
    'Financial Services',
    'Banking',
    'Bank',
    'Insurance',
    'Finance and Insurance',
    'Banking and Finance',
    'Credit Union',
  ],
  retail: ['Retail', 'E-commerce', 'Ecommerce', 'Wholesale', 'Retail and Wholesale'],
  technology: ['Technology', 'Information Technology', 'IT', 'Software', 'SaaS', 'Computer Software', 'Internet'],
  telecom: ['Telecom', 'Telecommunication', 'Telecommunications'],
  energy: ['Energy', 'Utilities', 'Utility', 'Oil and Gas', 'Energy and Utilities'],
  manufacturing: ['Manufacturing', 'Industrial', 'Automotive', 'Industrial Manufacturing'],
  transportation: ['Transportation', 'Logistics', 'Transportation/Logistics', 'Aviation', 'Shipping', 'Transportation and Logistics'],
  hospitality: ['Hospitality', 'Hospitality and Tourism', 'Tourism', 'Restaurants', 'Hotels', 'Travel'],
  legal: ['Legal', 'Law Firm', 'Legal Services'],
  nonprofit: ['Nonprofit', 'Non-profit', 'NGO', 'Charity', 'Not-for-profit'],
  media: ['Media', 'Media and Entertainment', 'Publishing', 'News', 'Entertainment'],
  other: [
    'Other',
    'Business Services',
    'Consumer Services',
    'Construction',
    'Agriculture',
    'Agriculture and Food Production',
    'Real Estate',
  ],
  // Trackers write these when they do not know.
  none: ['Not Found', 'Unknown', 'N/A', 'NA', '-', ''],
})

/** Splits a text cell into its parts: "Name; SSN, Driver's License" → three. */
function parts(cell: string | string[]): string[] {
  const list = Array.isArray(cell) ? cell : cell.split(/[;,|\n]/)
  return list.map((p) => p.trim()).filter((p) => p !== '')
}

/** The data types a cell names, in vocabulary order; words that name none are ignored. */
export function toDataTypes(cell: string | string[]): DataType[] {
  const found = new Set<DataType>()
  for (const part of parts(cell)) {
    const k = key(part)
    // Already a vocabulary value (a "=health" constant, a table that uses our words).
    if ((DATA_TYPES as readonly string[]).includes(k)) {
      found.add(k as DataType)
      continue
    }
    const known = DATA_TYPE_WORDS.get(k)
    if (known !== undefined) {
      if (known !== null) found.add(known)
      continue
    }
    for (const type of extractDataTypes(prepareText({ title: part }))) found.add(type)
  }
  return DATA_TYPES.filter((t) => found.has(t))
}

/** The sector a cell names, or null when it names none the vocabulary knows. */
export function toSector(cell: string): Sector | null {
  const k = key(cell)
  if ((SECTORS as readonly string[]).includes(k)) return k as Sector
  const known = SECTOR_WORDS.get(k)
  if (known !== undefined) return known
  return extractSector(prepareText({ title: cell }))
}

let regionNames: Map<string, string> | undefined
const displayNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' })

/** true for an ISO 3166-1 alpha-2 code Intl knows ("US", "gb"); "EU" and "UK" are not countries' codes. */
export function isCountryCode(code: string): boolean {
  if (!/^[A-Za-z]{2}$/.test(code) || /^(?:eu|un|uk|ez|qo|xk|zz)$/i.test(code)) return false
  return displayNames.of(code.toUpperCase()) !== undefined
}

/** Every region's English name → its code ("Germany" → "DE"), built once. */
function codeByName(name: string): string | undefined {
  if (regionNames === undefined) {
    regionNames = new Map()
    for (let a = 65; a <= 90; a += 1) {
      for (let b = 65; b <= 90; b += 1) {
        const code = String.fromCharCode(a, b)
        if (!isCountryCode(code)) continue
        const label = displayNames.of(code)
        if (label !== undefined) regionNames.set(key(label), code)
      }
    }
  }
  return regionNames.get(key(name))
}

/** The ISO code a cell names: a code, a country's English name, or a name the facts lexicon knows ("USA", "UK"). */
export function toCountry(cell: string): string | null {
  const text = cell.trim()
  if (text === '') return null
  if (isCountryCode(text)) return text.toUpperCase()
  return codeByName(text) ?? extractCountry(prepareText({ title: text }))
}
