// One distinct failure (repo + fingerprint) in the full flow: open, update or reopen-as-new its
// issue, open its draft PR when policy allows, hand it to Copilot. Each write first looks for
// what an interrupted earlier attempt left (the hidden marker, the deterministic branch).
import { decide, type Counters, type History } from '../policy/decide.js';
import { fingerprintMarker, propose, prBodyWithIssue, withOccurrences, type Proposal } from '../proposal/index.js';
import type { FailureRecord } from '../store/types.js';
import type { AnalyzedJob } from './analyze-run.js';
import type { auditor, FailedRunJob, FlowDeps } from './failed-run.js';
import type { IssueInfo, RunInfo } from './ports.js';

const HOUR = 3600_000;

interface Ctx {
  run: RunInfo;
  job: FailedRunJob;
  failure: AnalyzedJob;
  flaky: boolean;
  workflowText: string | null;
  audit: ReturnType<typeof auditor>;
}

async function currentIssue(deps: FlowDeps, rec: FailureRecord | null, fp: string): Promise<IssueInfo | null> {
  if (rec?.issueNumber) return deps.github.getIssue(rec.issueNumber);
  // Heals a crash between "issue created" and "recorded": the marker is in the body.
  return deps.github.findIssueByMarker(fingerprintMarker(fp), deps.config.labels.issue[0] ?? 'autofix');
}

function occurrenceBody(body: string, rec: FailureRecord): string {
  return withOccurrences(body, { count: rec.occurrences, firstSeen: rec.firstSeen, lastSeen: rec.lastSeen, lastRunUrl: rec.lastRunUrl });
}

export async function trackFailure(deps: FlowDeps, ctx: Ctx): Promise<void> {
  const { run, failure, audit } = ctx;
  const a = failure.analysis;
  const fp = a.fingerprint;
  const repo = deps.github.repo;
  const now = deps.now();
  const stored = await deps.store.getFailure(repo, fp);
  const repeatOfSameRun = stored?.lastRunId === run.id;
  const rec: FailureRecord = stored ?? {
    repo, fingerprint: fp, category: a.category, workflow: run.name, job: a.job, step: a.step, rootCause: a.root_cause,
    firstSeen: now.toISOString(), lastSeen: now.toISOString(), occurrences: 0, lastRunId: 0, lastRunUrl: null,
    issueNumber: null, previousIssues: [], prNumber: null, branch: null,
  };
  if (!repeatOfSameRun) {
    rec.occurrences += 1;
    rec.lastSeen = now.toISOString();
    rec.lastRunId = run.id;
    rec.lastRunUrl = run.htmlUrl;
  }
  const issue = await currentIssue(deps, stored, fp);
  if (issue && rec.issueNumber !== issue.number) rec.issueNumber = issue.number;
  const ctxProposal = { repo, runUrl: run.htmlUrl, jobUrl: failure.job.htmlUrl, workflowPath: run.path || null, workflowText: ctx.workflowText, baseBranch: run.headBranch };
  const proposal = propose(a, ctxProposal, deps.config);
  const pr = rec.prNumber ? await deps.github.findPullByBranch(proposal.branch) : null;
  const history: History = {
    issue: issue ? { number: issue.number, state: issue.state, stateReason: issue.stateReason } : null,
    prOpen: pr?.state === 'open',
    flaky: ctx.flaky,
  };
  const counters: Counters = {
    issuesInWindow: await deps.store.countUses('issue', repo, HOUR, now),
    prsInWindow: await deps.store.countUses('pr', repo, HOUR, now),
  };
  const d = decide(a, history, counters, deps.config);
  await audit(`issue.${d.issue.action}`, d.issue.reason, { rule: d.issue.rule, fingerprint: fp });
  await audit(`pr.${d.pr.action}`, d.pr.reason, { rule: d.pr.rule, fingerprint: fp });

  if (deps.config.dry_run) {
    await deps.store.putFailure(rec);
    return;
  }
  let issueNumber = rec.issueNumber;
  if (d.issue.action === 'update' && issue && !repeatOfSameRun) {
    await deps.github.updateIssueBody(issue.number, occurrenceBody(issue.body, rec));
  } else if (d.issue.action === 'create' || d.issue.action === 'regression') {
    issueNumber = await openIssue(deps, ctx, proposal, rec, d.issue.action === 'regression' ? issue : null);
  } else if (d.issue.action === 'defer') {
    await defer(deps, ctx, 'issue');
  }
  await deps.store.putFailure(rec);

  if (d.pr.action === 'create') {
    if (!(await deps.store.tryConsume('pr', repo, deps.config.rate_limits.max_prs_per_hour, HOUR, now))) {
      await defer(deps, ctx, 'pr');
      return;
    }
    const body = issueNumber ? prBodyWithIssue(proposal, issueNumber) : proposal.pr.body;
    await deps.github.ensureLabels(proposal.pr.labels);
    const created = await deps.github.createDraftPr({
      branch: proposal.branch, base: run.headBranch ?? (await deps.github.defaultBranch()), baseSha: run.headSha,
      title: proposal.pr.title, body, labels: proposal.pr.labels, commitMessage: proposal.pr.commitMessage, edit: proposal.edit,
      draft: deps.config.create_draft,
    });
    rec.prNumber = created.number;
    rec.branch = proposal.branch;
    await deps.store.putFailure(rec);
    await audit('pr.created', `draft PR #${created.number} on ${proposal.branch}${proposal.edit ? ' with a workflow edit' : ' (empty commit, change described for Copilot)'}`, { fingerprint: fp });
    await handOff(deps, ctx, proposal, created.number, issueNumber, d.handoff.mode);
  } else if (d.pr.action === 'defer') {
    await defer(deps, ctx, 'pr');
  } else if (history.prOpen && rec.prNumber && deps.config.copilot.mode !== 'off') {
    // A retried job whose PR exists but whose hand-off failed last time finishes the hand-off.
    await handOff(deps, ctx, proposal, rec.prNumber, issueNumber, deps.config.copilot.mode);
  }
}

async function openIssue(deps: FlowDeps, ctx: Ctx, proposal: Proposal, rec: FailureRecord, closed: IssueInfo | null): Promise<number | null> {
  const repo = deps.github.repo;
  if (!(await deps.store.tryConsume('issue', repo, deps.config.rate_limits.max_issues_per_hour, HOUR, deps.now()))) {
    await defer(deps, ctx, 'issue');
    return null;
  }
  let body = proposal.issue.body;
  if (closed) {
    rec.previousIssues = [...new Set([...rec.previousIssues, closed.number])];
    rec.occurrences = 1;
    rec.firstSeen = rec.lastSeen;
    body = `> [!WARNING]\n> Regression: this failure was fixed in #${closed.number} and is back.\n\n${body}`;
  }
  await deps.github.ensureLabels(proposal.issue.labels);
  const issue = await deps.github.createIssue({ title: proposal.issue.title, body: occurrenceBody(body, rec), labels: proposal.issue.labels });
  rec.issueNumber = issue.number;
  rec.prNumber = closed ? null : rec.prNumber;
  await deps.store.putFailure(rec);
  await ctx.audit(closed ? 'issue.regression_opened' : 'issue.opened', `issue #${issue.number}${closed ? ` (regression of #${closed.number})` : ''}`, { fingerprint: rec.fingerprint });
  return issue.number;
}

async function handOff(deps: FlowDeps, ctx: Ctx, proposal: Proposal, prNumber: number, issueNumber: number | null, mode: 'mention' | 'assign' | 'off') {
  const key = `handoff:${deps.github.repo}#${prNumber}`;
  if (mode === 'off' || (await deps.store.getAction(key))) return;
  await handOffOnce(deps, ctx, proposal, prNumber, issueNumber, mode);
  await deps.store.putAction({ key, kind: 'copilot-handoff', ref: { number: prNumber }, at: deps.now().toISOString() });
}

async function handOffOnce(deps: FlowDeps, ctx: Ctx, proposal: Proposal, prNumber: number, issueNumber: number | null, mode: 'mention' | 'assign') {
  if (mode === 'assign') {
    if (issueNumber && deps.copilotAssign) {
      const base = ctx.run.headBranch ?? (await deps.github.defaultBranch());
      await deps.github.assignCopilot(issueNumber, { baseBranch: base, instructions: proposal.copilotTask });
      await ctx.audit('copilot.assigned', `issue #${issueNumber} assigned to the Copilot coding agent`, { rule: 'copilot.mode' });
      return;
    }
    const why = issueNumber ? 'COPILOT_USER_TOKEN is not set (assignment needs a user token)' : 'there is no issue to assign';
    deps.logger.warn({ prNumber }, `copilot.mode is assign but ${why}; falling back to a mention`);
    await ctx.audit('copilot.fallback', `assign not possible: ${why}; mentioned @copilot instead`, { rule: 'copilot.mode' });
  }
  await deps.github.createComment(prNumber, `@copilot ${proposal.copilotTask}`);
  await ctx.audit('copilot.mentioned', `asked @copilot on PR #${prNumber} (best effort: Copilot may not answer an app's comment)`, { rule: 'copilot.mode' });
}

/** Over a rate limit: recorded, and retried when the window has room again. */
async function defer(deps: FlowDeps, ctx: Ctx, what: 'issue' | 'pr') {
  const key = `deferred:${deps.github.repo}:${ctx.failure.analysis.fingerprint}:${what}:${ctx.run.id}`;
  await deps.store.enqueue({ kind: 'failed-run', key, payload: ctx.job, runAfter: new Date(deps.now().getTime() + 10 * 60_000) });
  await ctx.audit(`${what}.deferred`, `over the hourly ${what} limit; retried in 10 minutes`, { rule: `rate_limits.max_${what === 'pr' ? 'prs' : 'issues'}_per_hour`, fingerprint: ctx.failure.analysis.fingerprint });
}
