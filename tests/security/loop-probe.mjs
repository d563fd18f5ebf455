// Loaded into a CLI child with NODE_OPTIONS=--import (responsive-store.test.ts): measures how long
// the event loop is held, in CPU time, so the figure does not depend on how busy the machine is.
// A 5 ms timer notes the process's CPU time between two of its ticks; every gap that used more
// than 20 ms of CPU is printed to stderr at exit as `LOOP_PROBE {"gaps":[[endMs, cpuMs, wallMs], …]}`
// (endMs: Date.now() when the gap ended).
import { writeSync } from 'node:fs'

const gaps = []
let lastCpu = process.cpuUsage()
let lastWall = performance.now()
setInterval(() => {
  const cpu = process.cpuUsage()
  const wall = performance.now()
  const cpuMs = (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000
  if (cpuMs > 20) gaps.push([Date.now(), Math.round(cpuMs), Math.round(wall - lastWall)])
  lastCpu = cpu
  lastWall = wall
}, 5).unref()
process.on('exit', () => writeSync(2, `LOOP_PROBE ${JSON.stringify({ gaps })}\n`))
