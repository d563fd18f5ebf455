// Summarizes a V8 .cpuprofile (from node --cpu-prof): the top functions by self time, and by
// total time (self + callees), with their file:line.
//   npx tsx bench/profile-summary.ts <file.cpuprofile> [top=25]

import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

function describeFrame(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame
  const file = url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/(node_modules\/)/, '$1')
    .replace(/^.*\/work\/main\//, '')
  return `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim()
}

export function summarizeProfile(profile: CpuProfile, top: number): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const selfMs = new Map<number, number>()
  for (const [i, id] of profile.samples.entries()) selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000)
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const self = new Map<string, number>()
  const total = new Map<string, number>()
  let all = 0
  for (const [id, ms] of selfMs) {
    all += ms
    const node = byId.get(id)
    if (node === undefined) continue
    const name = describeFrame(node)
    self.set(name, (self.get(name) ?? 0) + ms)
    // Each frame on the stack once (recursion counted once).
    const seen = new Set<string>()
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur)
      if (frame === undefined) break
      const key = describeFrame(frame)
      if (seen.has(key)) continue
      seen.add(key)
      total.set(key, (total.get(key) ?? 0) + ms)
    }
  }
  const table = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => `${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / all).toFixed(1).padStart(5)} %  ${name}`)
      .join('\n')
  return `sampled ${all.toFixed(0)} ms\n\ntop self time:\n${table(self)}\n\ntop total time:\n${table(total)}\n`
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  const file = process.argv.find((arg, i) => i >= 2 && arg.endsWith('.cpuprofile'))
  if (file === undefined) {
    process.stderr.write('usage: profile-summary <file.cpuprofile> [top]\n')
    process.exit(1)
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  process.stdout.write(summarizeProfile(profile, Number.parseInt(process.argv.at(-1) ?? '', 10) || 25))
}
