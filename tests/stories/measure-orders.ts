// Prints pairwise precision/recall of the labeled story set replayed through the real store in
// several arrival orders, without and with bridging: `npx tsx tests/stories/measure-orders.ts`.
import { loadLabeledItems, replayThroughStore, shuffleSeeded } from './replay-store.js'
const items = loadLabeledItems()
const byTime = [...items].sort((a, b) => Date.parse(a.publishedAt) - Date.parse(b.publishedAt) || (a.id < b.id ? -1 : 1))
const orders: [string, typeof items][] = [
  ['publication', byTime],
  ['reverse', [...byTime].reverse()],
  ['by source', [...byTime].sort((a, b) => (a.sourceId < b.sourceId ? -1 : a.sourceId > b.sourceId ? 1 : 0))],
  ['by source, newest first', [...byTime].reverse().sort((a, b) => (a.sourceId < b.sourceId ? -1 : a.sourceId > b.sourceId ? 1 : 0))],
]
for (let seed = 1; seed <= 6; seed++) orders.push([`shuffle ${seed}`, shuffleSeeded(byTime, seed)])
for (const bridges of [false, true]) {
  let base: string[] | null = null
  console.log(bridges ? 'WITH bridging' : 'WITHOUT bridging')
  for (const [name, list] of orders) {
    const r = replayThroughStore(list, { bridges })
    base ??= r.partition
    const same = r.partition.filter((p) => base!.includes(p)).length
    console.log(`  ${name.padEnd(24)} P ${r.precision.toFixed(3)} R ${r.recall.toFixed(3)} FM ${r.falseMerges} FS ${r.falseSplits} stories ${r.partition.length} same-as-publication ${same}/${base.length}`)
  }
}
