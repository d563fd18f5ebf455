// Records: how many people or records a report says were affected, never money, years or phone numbers.
import { describe, expect, it } from 'vitest'
import { extractRecords, findCounts } from '../../src/facts/records.js'
import { prepareText } from '../../src/facts/text.js'

const records = (title: string, summary = '', content = '') => extractRecords(prepareText({ title, summary, content }))

describe('findCounts', () => {
  it.each([
    ['Data breach at Acme affects 212,418 patients', [212418]],
    ['Ticketmaster hacker sells data of 560 million customers', [560000000]],
    ['nearly 7 million users had data exposed', [7000000]],
    ['73M customers had data leaked', [73000000]],
    ['560 million Ticketmaster customers were listed', [560000000]],
    ['more than half a million people were notified', [500000]],
    ['the breach affected 1.2 million.', [1200000]],
    ['the attack impacted 48,000 in total', [48000]],
    ['12,000 were affected by the incident', [12000]],
    ['information of 1,208 homeownership applicants was taken', [1208]],
    ['the data of 2,316,591 job applicants and employees', [2316591]],
    // Indian counts, and the noun after a possessive or a lower-case qualifier.
    ['Data of 2 lakh users of Pune ride app leaked', [200000]],
    ['81.5 crore records are for sale', [815000000]],
    ["11,000 kids' records exposed", [11000]],
    ['Air India passenger data of 4.5 million leaked in SITA attack', [4500000]],
    ['Volkswagen confirms data of 800,000 EV owners was exposed', [800000]],
  ])('%s', (text, expected) => {
    expect(findCounts(text)).toEqual(expected)
  })

  it.each([
    ['paid a $22 million ransom to the gang'],
    ['fined £20 million over the breach'],
    ['€251 million fine for Meta'],
    ['the company lost millions of dollars'],
    ['In 2023 patients were told to call'],
    ['Patients can call 1-800-555-0100 for help'],
    ['Acme, which serves 2 million customers, was hit'],
    ['the majority of its 1.4 million customers'],
    ['fewer than 500 patients were affected'],
    ['one customer complained'],
    ['Data of 270,000 customer tickets'],
    ['Bank says 1 in 4 affected'],
  ])('no count in: %s', (text) => {
    expect(findCounts(text)).toEqual([])
  })
})

describe('extractRecords', () => {
  it('takes the headline figure over counts in the body', () => {
    expect(records('Acme breach hits 5.6 million patients', 'Acme said 100,000 employees were also notified.')).toBe(5600000)
  })

  it('refines a round headline figure with a precise one from the body', () => {
    expect(records('Frederick Health notifies nearly 1 million patients', 'It is notifying 934,326 patients.')).toBe(934326)
  })

  it('keeps the headline figure when the body states a different count', () => {
    expect(records('Breach hits 2 million users', 'An earlier notice said 100,000 users.')).toBe(2000000)
  })

  it('takes the first body count when the headline has none', () => {
    expect(records('Acme discloses breach', 'The breach affected 40,212 people. Acme has 3 million customers.')).toBe(40212)
  })

  it('is null without a count', () => {
    expect(records('Acme hit by ransomware', 'Acme did not say how many people were affected.')).toBeNull()
  })
})
