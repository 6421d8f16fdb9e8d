import { rows } from './types.js';

// A repository's own process checks: changelog, labels, milestone, PR title, sign-off, "allow
// edits", status aggregators. The author must act; the code may be fine.
export const policyRules = rows('policy', [
  ['changelog', 'policy_check', 90, /(?:changelog|change log|release note|news (?:entry|fragment)|\.changes\/)\S*.*?(?:not found|not updated|missing|is required|must|please add|no entry|was not|wasn't|needs? (?:to be )?(?:added|updated))|(?:please add|add|missing|no|requires? an?) (?:a |an )?(?:changelog|change log|release note|news) (?:entry|fragment|file|item)/i],
  ['labels', 'policy_check', 90, /(?:PR|pull request)s? (?:must|should|needs? to) (?:not )?(?:have|be merged with|include) .*labels?|(?:must|should) have (?:at least one |a |the )?(?:\S+ )?labels?\b|(?:missing|required|banned|forbidden|blocking) labels?\b|labels? (?:is|are) (?:required|missing)|Did not find required labels|has (?:a |the )?(?:do not merge|DO NOT MERGE|blocked|WIP)\b/i],
  ['milestone', 'policy_check', 86, /milestone (?:is )?(?:not set|missing|required)|(?:must|should|needs? to) (?:have|set) (?:a |the )?milestone|no milestone/i],
  ['pr-title', 'policy_check', 86, /(?:PR|pull request) title|subject may not be empty|type may not be empty|does not (?:follow|match) (?:the )?conventional commits?|semantic (?:PR|pull request) title|No release type found in pull request title/i],
  ['allow-edits', 'policy_check', 90, /["“]?allow edits["”]? (?:checkbox|from maintainers)|maintainer_can_modify/i],
  ['signoff', 'policy_check', 86, /(?:missing|no) (?:Signed-off-by|DCO|sign-off)|DCO check failed|(?:has|have) not signed the CLA|CLA (?:is )?not signed|commits? (?:is|are) not signed off/i],
  ['aggregator', 'policy_check', 84, /Check run .* has conclusion: (?:failure|cancelled|timed_out|action_required)|(?:required|some) (?:status )?checks? (?:have |has )?(?:failed|were not successful|did not succeed)|Job \S+ (?:failed|was cancelled)\.? See the (?:job|workflow)|Required (?:jobs?|checks?) (?:did not succeed|failed|were not successful)/i],
  ['pr-description', 'policy_check', 80, /(?:PR|pull request) (?:description|body|template) (?:is )?(?:empty|missing|incomplete|must)|issue (?:link|reference) (?:is )?(?:missing|required)|must (?:reference|link) an issue/i],
]);
