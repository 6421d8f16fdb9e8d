import { rows } from './types.js';

// Words any tool uses for "this went wrong": they choose the root line when nothing specific
// matched, but say nothing about the category.
export const genericRules = rows('generic', [
  ['dependabot-table', 'dependency_error', 74, /^\|\s+(?<package>[a-z]+(?:_[a-z]+)*_(?:not_found|not_resolvable|unresolvable|file_not_found))\s+\|$/],
  ['dependabot-error-table', 'unknown', 60, /^\|\s+[a-z]+(?:_[a-z]+){1,}\s+\|$/],
  ['dependabot-updater', 'unknown', 72, /ERROR <job_\d+> Error processing (?<package>\S+)|INFO <job_\d+> Pull request already exists for/],
  ['exception', 'unknown', 64, /^\s*(?:Uncaught |Unhandled (?:error|rejection): |(?:Unhandled )?Promise Rejection:\s+)?(?:[\w$]+[.\\])*[\w$]*(?:Error|Exception|Failure)(?: \[[\w_]+\])?: \S|^\s*(?:Error|Exception|Failure)(?: \[[\w_]+\])?: \S/],
  ['fatal', 'unknown', 58, /^(?:fatal|FATAL|Fatal)(?: error)?:\s|^\s*panic: |^Segmentation fault|core dumped/],
  ['error-word', 'unknown', 48, /(?:^|[\s[(])(?:error|ERROR|Error)(?:\]|:|!|\s+-\s)|^\s*(?:ERR!|ERROR)\s|^✘|^✗|^❌|^::error/],
  ['failed-word', 'unknown', 34, /\b(?:failed|FAILED|Failed|failure|FAILURE)\b/],
  ['bad-words', 'unknown', 30, /\b(?:cannot|can't|could not|couldn't|unable to|not found|invalid|missing|unexpected|not allowed|refused|aborted|does not|doesn't|did not|must|mismatch|denied)\b/i],
  ['warning', 'unknown', 12, /^(?:warning|WARNING|WARN|Warning)\b|^\s*warning:/],
]);
