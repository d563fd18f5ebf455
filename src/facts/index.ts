// facts: what a breach report says — who was hit, by whom, how many, what data, which sector and
// country — as plain rules over the report's text, with lexicons in data/. Pure and synchronous.
import { extractActors } from './actors.js'
import { extractCountry } from './country.js'
import { extractDataTypes } from './data-types.js'
import { extractOrganizations } from './organizations.js'
import { extractRecords } from './records.js'
import { isAboutBreach } from './relevance.js'
import { extractSector } from './sector.js'
import { prepareText } from './text.js'
import type { Facts, FactsInput } from './types.js'

export { canonicalActor } from './actors.js'
export { formatRecordsHistory, mergeFacts } from './merge.js'
export { isSameOrg, normalizeOrgName } from './org-name.js'
export type { DataType, Facts, FactsInput, RecordsClaim, ReportFacts, Sector, StoryFacts } from './types.js'
export { DATA_TYPES, SECTORS } from './types.js'

export function extractFacts(input: FactsInput): Facts {
  const text = prepareText(input)
  const breach = isAboutBreach(text)
  const organizations = breach ? extractOrganizations(text) : []
  return {
    organizations,
    actors: extractActors(text),
    records: breach ? extractRecords(text) : null,
    dataTypes: breach ? extractDataTypes(text) : [],
    sector: breach ? extractSector(text, organizations) : null,
    country: extractCountry(text),
  }
}
