// The one diagnosis comment the bot keeps on a pull request whose checks failed (the way Dr. CI
// keeps one comment per PR): rewritten in place on every re-run or newly failed job.
import { ERROR_TYPE_NAMES, type Analysis } from '../analysis/types.js';
import { capBody, clip, code, fence, noMentions } from './markdown.js';

export const PR_COMMENT_MARKER = '<!-- autofix:pr-diagnosis -->';

export interface PrFailure {
  workflow: string;
  runUrl: string | null;
  jobUrl: string | null;
  analysis: Analysis;
}

function section(f: PrFailure): string {
  const a = f.analysis;
  const job = a.job ? code(a.job) : 'a job';
  const where = `${f.jobUrl ? `[${job}](${f.jobUrl})` : job}${a.step ? `, step ${code(a.step)}` : ''}`;
  const lines = [
    `### ${noMentions(f.workflow)}: ${where}`,
    '',
    `**${ERROR_TYPE_NAMES[a.category]}** (${code(a.category)}, confidence ${a.fix_confidence}%)`,
  ];
  if (a.root_cause) lines.push('', fence(clip(a.root_cause, 1000)));
  const todo = a.recommendations[0];
  if (todo) lines.push('', `What to do: ${noMentions(todo)}`);
  return lines.join('\n');
}

/** Failures are keyed by job, so a re-run replaces a job's section instead of adding one. */
export function prCommentBody(failures: PrFailure[], updatedAt: string): string {
  const body = [
    '## CI failure diagnosis',
    '',
    failures.length === 0
      ? 'All the jobs that failed earlier have passed since.'
      : `${failures.length} failed job${failures.length === 1 ? '' : 's'} in the latest runs:`,
    '',
    ...failures.map(section).flatMap((s) => [s, '']),
    `<sub>Updated ${updatedAt} by autofix-bot. This comment is edited in place; the bot opens no issue or PR for pull request checks.</sub>`,
  ].join('\n');
  return capBody(body, PR_COMMENT_MARKER);
}
