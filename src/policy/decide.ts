// Policy: what the bot may do about a failed run. Pure functions of (run facts, analysis,
// history, counters, config); every outcome carries the reason and the config rule that decided
// it, so "why did the bot stay quiet" always has an answer in the audit log.
import type { Analysis, Category } from '../analysis/types.js';
import type { Config } from '../config/schema.js';
import { matchesAny, workflowSelected } from './workflows.js';

export interface RunFacts {
  repo: string;
  defaultBranch: string;
  headBranch: string | null;
  /** The event that started the run: push, pull_request, schedule… */
  event: string;
  conclusion: string | null;
  workflowName: string;
  /** The head repository differs from the base repository. */
  fromFork: boolean;
  actor: string | null;
  /** Numbers of the pull requests the run belongs to (empty for forks: GitHub omits them). */
  pullRequests: number[];
}

export type Scope = 'full' | 'pr_comment' | 'pr_slack';

export interface Reasoned {
  reason: string;
  rule: string;
}

export type Triage = ({ act: true; scope: Scope } | { act: false }) & Reasoned;

const FULL_EVENTS = new Set(['push', 'schedule', 'workflow_dispatch', 'merge_group', 'repository_dispatch', 'release']);
const PR_EVENTS = new Set(['pull_request', 'pull_request_target']);
const FAILED = new Set(['failure', 'timed_out']);

/** Decides, before any download, whether a completed run is the bot's business and how. */
export function triage(run: RunFacts, config: Config): Triage {
  if (!config.enabled) return { act: false, reason: 'the bot is disabled', rule: 'enabled' };
  if (!run.conclusion || !FAILED.has(run.conclusion)) return { act: false, reason: `conclusion is ${run.conclusion ?? 'none'}, not a failure`, rule: 'conclusion' };
  if (!workflowSelected(run.workflowName, config)) {
    const excluded = matchesAny(run.workflowName, config.excluded_workflows);
    return { act: false, reason: `workflow "${run.workflowName}" is ${excluded ? 'excluded' : 'not monitored'}`, rule: excluded ? 'excluded_workflows' : 'monitored_workflows' };
  }
  if (run.headBranch?.startsWith(config.branch_prefix)) return { act: false, reason: `branch ${run.headBranch} is the bot's own (no loops)`, rule: 'branch_prefix' };
  if (run.fromFork) return { act: false, reason: 'the run comes from a fork: its code chose what the log says, so the bot writes nothing', rule: 'forks' };
  if (config.exclude_dependabot && (run.actor === 'dependabot[bot]' || run.headBranch?.startsWith('dependabot/') || run.event === 'dynamic')) {
    return { act: false, reason: "Dependabot's own jobs report in Dependabot's UI", rule: 'exclude_dependabot' };
  }
  if (PR_EVENTS.has(run.event)) {
    if (config.pull_requests === 'off') return { act: false, reason: 'pull request failures are off', rule: 'pull_requests' };
    if (config.pull_requests === 'comment' && run.pullRequests.length === 0) return { act: false, reason: 'no pull request is linked to the run', rule: 'pull_requests' };
    return { act: true, scope: config.pull_requests === 'comment' ? 'pr_comment' : 'pr_slack', reason: 'a pull request run: the author is looking at it', rule: 'pull_requests' };
  }
  const onDefault = run.headBranch === run.defaultBranch;
  const onListed = run.headBranch !== null && matchesAny(run.headBranch, config.branches);
  if (!onDefault && !onListed) return { act: false, reason: `branch ${run.headBranch ?? '?'} is neither the default branch nor listed in branches`, rule: 'branches' };
  if (!FULL_EVENTS.has(run.event)) return { act: false, reason: `event ${run.event} does not get the full flow`, rule: 'events' };
  return { act: true, scope: 'full', reason: `a ${run.event} run on ${run.headBranch}`, rule: onDefault ? 'default_branch' : 'branches' };
}

/** A passing pull request run may clear its workflow's failures from the diagnosis comment. */
export function clearsPrComment(run: RunFacts, config: Config): boolean {
  return config.enabled && run.conclusion === 'success' && PR_EVENTS.has(run.event) && config.pull_requests === 'comment'
    && run.pullRequests.length > 0 && !run.fromFork && workflowSelected(run.workflowName, config);
}

export interface History {
  /** The issue tracking this fingerprint, and its state on GitHub. */
  issue: { number: number; state: 'open' | 'closed'; stateReason: string | null } | null;
  /** An open draft PR for this fingerprint already exists. */
  prOpen: boolean;
  /** A later attempt of the same run succeeded: the failure is flaky. */
  flaky: boolean;
}

export interface Counters {
  issuesInWindow: number;
  prsInWindow: number;
}

export type IssueAction = 'create' | 'regression' | 'update' | 'none' | 'defer';
export type PrAction = 'create' | 'none' | 'defer';

export interface Decision {
  issue: { action: IssueAction } & Reasoned;
  pr: { action: PrAction } & Reasoned;
  handoff: { mode: Config['copilot']['mode'] } & Reasoned;
}

function categoryPolicy(config: Config, category: Category) {
  return config.categories[category] ?? { auto_pr: false, issue: true };
}

function decideIssue(a: Analysis, history: History, counters: Counters, config: Config): Decision['issue'] {
  const policy = categoryPolicy(config, a.category);
  if (!policy.issue) return { action: 'none', reason: `${a.category} failures get no issue`, rule: `categories.${a.category}.issue` };
  const limit = config.rate_limits.max_issues_per_hour;
  const issue = history.issue;
  if (issue?.state === 'open') return { action: 'update', reason: `issue #${issue.number} already tracks this failure`, rule: 'one_issue_per_failure' };
  if (issue && issue.stateReason === 'not_planned') return { action: 'none', reason: `issue #${issue.number} was closed as not planned`, rule: 'one_issue_per_failure' };
  if (counters.issuesInWindow >= limit) return { action: 'defer', reason: `${counters.issuesInWindow} issues opened in the last hour (limit ${limit})`, rule: 'rate_limits.max_issues_per_hour' };
  if (issue) return { action: 'regression', reason: `issue #${issue.number} was closed as completed and the failure is back`, rule: 'one_issue_per_failure' };
  return { action: 'create', reason: 'a new failure', rule: 'one_issue_per_failure' };
}

function decidePr(a: Analysis, history: History, counters: Counters, config: Config, force: boolean): Decision['pr'] {
  const policy = categoryPolicy(config, a.category);
  const min = policy.min_confidence ?? config.min_confidence;
  if (history.prOpen) return { action: 'none', reason: 'a draft PR for this failure is already open', rule: 'one_pr_per_failure' };
  if (history.flaky) return { action: 'none', reason: 'a later attempt of the run succeeded: flaky, no PR', rule: 'flaky' };
  if (!force) {
    if (!policy.auto_pr) return { action: 'none', reason: `${a.category} never gets an automatic PR`, rule: `categories.${a.category}.auto_pr` };
    if (a.fix_confidence < min) return { action: 'none', reason: `confidence ${a.fix_confidence} is below ${min}`, rule: policy.min_confidence !== undefined ? `categories.${a.category}.min_confidence` : 'min_confidence' };
  }
  const limit = config.rate_limits.max_prs_per_hour;
  if (counters.prsInWindow >= limit) return { action: 'defer', reason: `${counters.prsInWindow} PRs opened in the last hour (limit ${limit})`, rule: 'rate_limits.max_prs_per_hour' };
  return { action: 'create', reason: force ? 'a person asked for it' : `${a.category} at ${a.fix_confidence}% confidence allows a draft PR`, rule: force ? 'force' : `categories.${a.category}.auto_pr` };
}

/** What to do about one analyzed failure in the full flow (default branch and listed branches). */
export function decide(a: Analysis, history: History, counters: Counters, config: Config, opts: { force?: boolean } = {}): Decision {
  const issue = decideIssue(a, history, counters, config);
  let pr = decidePr(a, history, counters, config, opts.force ?? false);
  if (pr.action === 'create' && (issue.action === 'none' || issue.action === 'defer') && !history.issue) {
    // The PR body says `Fixes #N`: without an issue there is nothing to link; wait for one.
    pr = issue.action === 'defer' ? { action: 'defer', reason: 'waits for its issue, which is deferred', rule: issue.rule } : pr;
  }
  const mode = config.copilot.mode;
  const handoff = pr.action === 'create' && mode !== 'off'
    ? { mode, reason: `copilot.mode is ${mode}`, rule: 'copilot.mode' }
    : { mode: 'off' as const, reason: pr.action === 'create' ? 'copilot.mode is off' : 'no PR to hand off', rule: 'copilot.mode' };
  return { issue, pr, handoff };
}
