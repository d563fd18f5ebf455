import { describe, expect, it } from 'vitest'
import { loadLabeledItems, runStoryEval } from '../../bench/eval-stories.js'

describe('story-merge evaluation on the labeled set', () => {
  const items = loadLabeledItems()
  const result = runStoryEval(items)

  it('has at least 150 groups of 1..5 reports from different sources', () => {
    expect(result.groups).toBeGreaterThanOrEqual(150)
    const byGroup = new Map<string, string[]>()
    for (const i of items) byGroup.set(i.group, [...(byGroup.get(i.group) ?? []), i.sourceId])
    for (const sources of byGroup.values()) {
      expect(sources.length).toBeGreaterThanOrEqual(1)
      expect(sources.length).toBeLessThanOrEqual(5)
      expect(new Set(sources).size).toBe(sources.length)
    }
  })

  it('meets the targets: pairwise precision ≥ 0.97 and recall ≥ 0.85', () => {
    expect(result.all.precision).toBeGreaterThanOrEqual(0.97)
    expect(result.all.recall).toBeGreaterThanOrEqual(0.85)
  })

  it('stays precise on the held-out quarter too', () => {
    expect(result.holdout.precision).toBeGreaterThanOrEqual(0.97)
    expect(result.holdout.recall).toBeGreaterThanOrEqual(0.8)
  })

  it('is deterministic', () => {
    const again = runStoryEval(items)
    expect(again.all).toEqual(result.all)
    expect(again.stories).toBe(result.stories)
  })
})
