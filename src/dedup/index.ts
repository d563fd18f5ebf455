// dedup: one story, many sources. Evidence from one item, and the story it belongs to.
export { findBridgedStories } from './bridge.js'
export { buildCandidateQuery, buildFactsCandidateQuery } from './candidate-query.js'
export { BACKDATE_LIMIT_HOURS, judgeCredibility } from './credibility.js'
export { collectEvidence } from './evidence.js'
export { isFactKey, splitEvidenceTokens } from './fact-evidence.js'
export {
  CANDIDATE_LIMIT,
  CANDIDATE_WINDOW_HOURS,
  CITATION_WINDOW_HOURS,
  FACTS_WINDOW_HOURS,
  matchStory,
  OFFICIAL_WINDOW_HOURS,
  SAME_URL_WINDOW_HOURS,
  SHARED_CITATION_WINDOW_HOURS,
  TITLE_SIMILARITY_THRESHOLD,
  TITLE_WINDOW_HOURS,
} from './match.js'
export { aliasKeysOf, learnAliasesFromMatch, OrgAliases, sharedOrgAliases } from './org-aliases.js'
