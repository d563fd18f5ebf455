// The facts of one breach report, and of a story that merges several reports. The shape and the
// vocabularies are the outside contract's ("facts" on every item and story); StoryFacts only adds.

export const DATA_TYPES = [
  'ssn',
  'government-id',
  'dob',
  'contact',
  'financial',
  'payment-card',
  'health',
  'credentials',
  'biometric',
  'genetic',
  'location',
  'communications',
] as const
export type DataType = (typeof DATA_TYPES)[number]

export const SECTORS = [
  'healthcare',
  'education',
  'government',
  'finance',
  'retail',
  'technology',
  'telecom',
  'energy',
  'manufacturing',
  'transportation',
  'hospitality',
  'legal',
  'nonprofit',
  'media',
  'other',
] as const
export type Sector = (typeof SECTORS)[number]

export interface Facts {
  /** Victim organizations in display form, most prominent first. */
  organizations: string[]
  /** Threat actors by canonical name (Cl0p → "Clop", BlackCat → "ALPHV"). */
  actors: string[]
  /** People or records affected, as stated; never money, years or phone numbers. */
  records: number | null
  dataTypes: DataType[]
  sector: Sector | null
  /** ISO 3166-1 alpha-2, upper case. */
  country: string | null
}

/** One report as text. `content` may be HTML: tags are dropped and entities decoded. */
export interface FactsInput {
  title?: string | null | undefined
  summary?: string | null | undefined
  content?: string | null | undefined
}

/** A report's facts with what mergeFacts needs to tell who said what, and when. */
export interface ReportFacts {
  id: string | number
  /** ISO date the report was published (or first seen); null sorts last. */
  date: string | null
  facts: Facts
}

/** One step of a story's record count: the first report that stated this number. */
export interface RecordsClaim {
  records: number
  reportId: string | number
  date: string | null
}

export interface StoryFacts extends Facts {
  /** Each distinct count in the order reports stated it, first report per count ("100,000 → 1.2 million"). */
  recordsHistory: RecordsClaim[]
}
