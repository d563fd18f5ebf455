import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most files wait on child processes, sockets and timers rather than the CPU: four at a time
    // on two cores took the suite from 266 s to 175 s here (vitest's default is cores - 1).
    maxWorkers: 4,
    // node-cron reads expressions in local time and the cron cases are written in UTC: one zone
    // for every worker (and the CLI children they spawn), whatever the machine's zone.
    env: { TZ: 'UTC' },
    // build-cli: marks the run so dist/ is built at most once, by the first CLI test file;
    // tool-summary: the one summary of groups skipped for missing tools (tests/helpers/tools.ts).
    globalSetup: ['tests/helpers/build-cli.ts', 'tests/helpers/tool-summary.ts'],
  },
})
