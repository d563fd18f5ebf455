// Moved to tests/helpers/run-cli.ts; kept only until tests/commands/opml.test.ts (being edited by
// another engineer) imports it from there.
export { repoRoot, runCli, writeTempConfig } from '../helpers/run-cli.js'
