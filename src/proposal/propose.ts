// Analysis (+ workflow text when known) → Proposal: branch, issue, PR, optional workflow edit and
// the Copilot task. Pure: no I/O, no clock; the same input always gives the same proposal.
import type { Analysis } from '../analysis/types.js';
import type { Config } from '../config/schema.js';
import type { Proposal, ProposalContext, WorkflowEdit } from './types.js';
import { branchName } from './branch.js';
import { fixDescription, fixTitle } from './describe.js';
import { bullets, capBody, clip, code, fence, noMentions } from './markdown.js';
import { detailsTable, editSection, failureSentence, listsSection, rootCauseSection, workflowLabel } from './render.js';
import { redact as scrub, redactDeep as scrubDeep } from '../analysis/redact.js';
import { editWorkflow, type EditOptions } from './workflow-edit.js';
import { describeFailingStep } from './workflow-find.js';

const TITLE_MAX = 120;
const COMMIT_SUBJECT_MAX = 72;
/** Where `Fixes #N` goes in the PR body; hidden, so it costs nothing when no issue exists yet. */
const ISSUE_SLOT = '<!-- autofix:issue -->';

/** Hidden marker ending both bodies; the GitHub adapter finds our issue/PR by it. */
export function fingerprintMarker(fingerprint: string): string {
  return `<!-- autofix:fingerprint=${fingerprint.replace(/[^\w:.]/g, '')} -->`;
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();
const ellipsize = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`);

/** `Fix: <workflow> - <error type>: <short root cause>`, at most 120 characters. */
export function issueTitle(a: Analysis): string {
  const head = oneLine(`Fix: ${workflowLabel(a)} - ${a.error_type}`);
  // The annotation prefix says nothing a reader needs in a title.
  const cause = oneLine(a.root_cause.replace(/^\s*##\[error\]\s*/, '').replace(/^Error:\s*/i, ''));
  const room = TITLE_MAX - head.length - 2;
  if (!cause || room < 15) return ellipsize(head, TITLE_MAX);
  return `${head}: ${ellipsize(cause, room)}`;
}

/** The PR body with `Fixes #N`, so merging the PR closes the issue. Idempotent. */
export function prBodyWithIssue(proposal: Pick<Proposal, 'pr'>, issueNumber: number): string {
  const body = proposal.pr.body;
  if (!Number.isInteger(issueNumber) || issueNumber <= 0) return body;
  const slot = new RegExp(`${ISSUE_SLOT}(\\nFixes #\\d+)?`);
  return slot.test(body) ? body.replace(slot, `${ISSUE_SLOT}\nFixes #${issueNumber}`) : `Fixes #${issueNumber}\n\n${body}`;
}

interface Parts {
  a: Analysis;
  ctx: ProposalContext;
  config: Config;
  edit: WorkflowEdit | null;
  what: string;
  description: string;
  failing: ReturnType<typeof describeFailingStep>;
}

function issueBody({ a, ctx, edit, description }: Parts): string {
  const fix = edit
    ? ['A mechanical change fixes this (it goes in a draft PR when the repository policy allows one):', '', editSection(edit, ctx.workflowText), '', `If it does not resolve the failure: ${description}`]
    : [description];
  return [
    '## Summary', '', failureSentence(a), '',
    '## Failure details', '', detailsTable(a, ctx), '',
    rootCauseSection(a, 20_000), '',
    '## Proposed fix', '', ...fix, '',
    listsSection(a),
  ].join('\n').trimEnd();
}

function prBody({ a, ctx, config, edit, what, description }: Parts): string {
  const kind = config.create_draft ? 'This draft PR' : 'This PR';
  const intro = edit
    ? `${kind} changes ${code(edit.path)} to ${what}.`
    : `${kind} carries no file change yet: the Copilot coding agent is asked to make the change described under *Proposed fix*.`;
  const job = a.job ? `job ${code(a.job)}` : 'the failing job';
  const lists = listsSection(a);
  return [
    '## Summary', '', intro, failureSentence(a), '', ISSUE_SLOT, '',
    '## Failure details', '', detailsTable(a, ctx), '',
    rootCauseSection(a, 6_000), '',
    '## Proposed fix', '', edit ? editSection(edit, ctx.workflowText) : description, '',
    ...(lists ? [lists, ''] : []),
    '## How to verify', '', `Re-run ${job} on this branch: it should pass. Review the change before marking the PR ready.`,
  ].join('\n');
}

function copilotTask({ a, ctx, config, edit, description, failing }: Parts): string {
  const wf = workflowLabel(a);
  const cmd = failing?.run?.split('\n').find((l) => l.trim())?.trim();
  const lines = [
    `Fix the failing GitHub Actions job ${code(a.job ?? 'unknown')} of workflow ${code(wf)} in ${code(ctx.repo)}.`,
    '',
    'Where:',
    `- Workflow file: ${ctx.workflowPath ? code(ctx.workflowPath) : `unknown: the workflow named ${code(wf)} under \`.github/workflows/\``}`,
    `- Job: ${code(failing?.jobKey ?? a.job ?? 'unknown')}`,
    `- Step: ${a.step ? code(a.step) : 'unknown'}`,
    ...(ctx.runUrl ? [`- Failed run: ${ctx.runUrl}`] : []),
    ...(ctx.baseBranch ? [`- Branch: ${code(ctx.baseBranch)}`] : []),
    '',
    `Root cause (${a.category}, ${a.error_type}${a.root_line !== null ? `, log line ${a.root_line}` : ''}):`,
    '',
    fence(clip(a.root_cause || '(no single line stood out)', 1000)),
    ...(failing?.run ? ['', 'The failing step runs:', '', fence(clip(failing.run, 1500), 'sh')] : []),
    '',
    'What to change:',
    '',
    ...(edit
      ? [
          // The same task serves the PR mention (change already committed) and issue assignment (not).
          `A mechanical change to ${code(edit.path)} was proposed (already committed on the bot's draft PR branch, if you work there):`,
          bullets(edit.summary, 10),
          '',
          `Check that it addresses the root cause; if it does not, replace it with the right fix. ${description}`,
        ]
      : [description]),
    '',
    'Constraints:',
    '- Keep the change minimal: only what fixes this failure, no unrelated refactoring or reformatting.',
    '- Do not disable, skip or delete the failing check, test or step, and do not hide the failure (no `continue-on-error`, `|| true`, `if: false`, lowered thresholds).',
    `- Run the failing command locally${cmd ? ` (${code(cmd)})` : ''} and make sure it passes before finishing.`,
    '- Never commit secrets or tokens.',
  ];
  const extra = config.copilot.custom_instructions.trim();
  if (extra) lines.push('', 'Repository instructions:', '', noMentions(extra));
  return lines.join('\n');
}

function commitMessage({ a, edit, what }: Parts): string {
  const subject = ellipsize(oneLine(`ci: ${what}`), COMMIT_SUBJECT_MAX);
  const body = edit
    ? edit.summary.map((l) => `- ${l}`)
    : [`No file change: the Copilot coding agent implements the fix for ${workflowLabel(a)} (${a.error_type}).`];
  return `${subject}\n\n${body.join('\n')}\n\nAutofix-Fingerprint: ${a.fingerprint}`;
}

const dedupe = (xs: string[]): string[] => [...new Set(xs)];

export function propose(analysis: Analysis, ctx: ProposalContext, config: Config, opts: EditOptions = {}): Proposal {
  // Defensive: the engine redacts, but whatever we publish passes through scrub once more.
  const a = scrubDeep(analysis);
  const rawEdit = ctx.workflowText && ctx.workflowPath ? editWorkflow(ctx.workflowText, ctx.workflowPath, a, opts) : null;
  // The edited file is the repository's own text; only what we write about it is scrubbed.
  const edit = rawEdit && { ...rawEdit, summary: rawEdit.summary.map(scrub), ...(rawEdit.title ? { title: scrub(rawEdit.title) } : {}) };
  const parts: Parts = {
    a,
    ctx,
    config,
    edit,
    what: edit?.title ?? fixTitle(a),
    description: fixDescription(a, { file: ctx.workflowPath ?? null }),
    failing: ctx.workflowText ? describeFailingStep(ctx.workflowText, a) : null,
  };
  const marker = fingerprintMarker(a.fingerprint);
  const prefix = config.labels.category_prefix;
  const categoryLabel = prefix ? [`${prefix}${a.category}`] : [];
  const proposal: Proposal = {
    fingerprint: a.fingerprint,
    branch: branchName(config.branch_prefix, a),
    issue: {
      title: scrub(issueTitle(a)),
      body: scrub(capBody(issueBody(parts), marker)),
      labels: dedupe([...config.labels.issue, ...categoryLabel]),
    },
    pr: {
      title: scrub(ellipsize(oneLine(`[autofix] ${workflowLabel(a)}: ${parts.what}`), TITLE_MAX)),
      body: scrub(capBody(prBody(parts), marker)),
      labels: dedupe([...config.labels.pr, ...categoryLabel]),
      commitMessage: scrub(commitMessage(parts)),
      draft: config.create_draft,
    },
    edit,
    copilotTask: scrub(copilotTask(parts)),
  };
  if (ctx.issueNumber) proposal.pr.body = prBodyWithIssue(proposal, ctx.issueNumber);
  return proposal;
}
