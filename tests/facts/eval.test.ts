// The facts evaluation (bench/eval-facts.ts): its scoring on a hand-made set, and a regression
// guard on the tuning set — floors a little under the figures reached, so a change that loses
// ground fails here. The held-out set is not asserted on: it is measured, not tuned against.
import { describe, expect, it } from 'vitest'
import { FIELDS, type LabeledReport, loadLabeledReports, runFactsEval, TUNING_PATH, TUNING2_PATH } from '../../bench/eval-facts.js'
import { DATA_TYPES, type Facts, SECTORS } from '../../src/facts/index.js'

const none: Facts = { organizations: [], actors: [], records: null, dataTypes: [], sector: null, country: null }

describe('runFactsEval scoring', () => {
  const reports: LabeledReport[] = [
    {
      id: 'a',
      title: 'Acme Health Inc. data breach affects 212,418 patients',
      summary: 'Acme Health, an Ohio hospital operator, said Social Security numbers were stolen by the Cl0p gang.',
      content: '',
      // Suffix and case do not matter; records within 5 % count.
      expected: {
        organizations: ['ACME HEALTH'],
        actors: ['Cl0p'],
        records: 210_000,
        dataTypes: ['ssn', 'dob'],
        sector: 'healthcare',
        country: 'US',
      },
    },
    // Predicting a count where none is expected is a false positive.
    { id: 'b', title: 'Beta breach hits 5,000 customers', summary: '', content: '', expected: { ...none, organizations: ['Beta'] } },
  ]

  it('counts per field, with normalized names, canonical actors and the records tolerance', () => {
    const r = runFactsEval(reports, { timing: false })
    expect(r.fields.organizations).toMatchObject({ truePositives: 2, predicted: 2, expected: 2 })
    expect(r.fields.actors).toMatchObject({ truePositives: 1, predicted: 1, expected: 1 })
    expect(r.fields.records).toMatchObject({ truePositives: 1, predicted: 2, expected: 1, precision: 0.5, recall: 1 })
    expect(r.fields.dataTypes).toMatchObject({ truePositives: 1, predicted: 1, expected: 2, precision: 1, recall: 0.5 })
    expect(r.fields.country).toMatchObject({ truePositives: 1, predicted: 1, expected: 1 })
    expect(r.mismatches.map((m) => `${m.id}:${m.field}`)).toEqual(['a:dataTypes', 'b:records'])
  })
})

describe('the tuning set', () => {
  const reports = loadLabeledReports(TUNING_PATH)

  it('has at least 220 well-formed reports with labels from the vocabularies', () => {
    expect(reports.length).toBeGreaterThanOrEqual(220)
    expect(new Set(reports.map((r) => r.id)).size).toBe(reports.length)
    for (const r of reports) {
      expect(r.title, r.id).toBeTruthy()
      for (const t of r.expected.dataTypes) expect(DATA_TYPES, r.id).toContain(t)
      if (r.expected.sector !== null) expect(SECTORS, r.id).toContain(r.expected.sector)
      if (r.expected.country !== null) expect(r.expected.country, r.id).toMatch(/^[A-Z]{2}$/)
      expect(r.expected.records === null || Number.isInteger(r.expected.records), r.id).toBe(true)
    }
  })

  it('keeps precision and recall per field above the floors', () => {
    const floors: Record<(typeof FIELDS)[number], [number, number]> = {
      organizations: [0.87, 0.84],
      actors: [0.95, 0.97],
      records: [0.93, 0.93],
      dataTypes: [0.93, 0.9],
      sector: [0.9, 0.84],
      country: [0.87, 0.64],
    }
    const r = runFactsEval(reports, { timing: false })
    for (const field of FIELDS) {
      const [precision, recall] = floors[field]
      expect(r.fields[field].precision, `${field} precision`).toBeGreaterThanOrEqual(precision)
      expect(r.fields[field].recall, `${field} recall`).toBeGreaterThanOrEqual(recall)
    }
  })
})

describe('the second tuning set (other outlets, brands, lakh and "1.2m" counts)', () => {
  it('keeps precision and recall per field above the floors', () => {
    const floors: Record<(typeof FIELDS)[number], [number, number]> = {
      organizations: [0.85, 0.82],
      actors: [0.95, 0.87],
      records: [0.94, 0.94],
      dataTypes: [0.94, 0.77],
      sector: [0.93, 0.81],
      country: [0.96, 0.66],
    }
    const reports = loadLabeledReports(TUNING2_PATH)
    expect(reports.length).toBeGreaterThanOrEqual(150)
    const r = runFactsEval(reports, { timing: false })
    for (const field of FIELDS) {
      const [precision, recall] = floors[field]
      expect(r.fields[field].precision, `${field} precision`).toBeGreaterThanOrEqual(precision)
      expect(r.fields[field].recall, `${field} recall`).toBeGreaterThanOrEqual(recall)
    }
  })
})
