// The core use case: a failed workflow run becomes, per distinct failure, one issue and, when
// policy allows, one draft PR handed to Copilot; on a pull request, one diagnosis comment.
import type { Rule } from '../analysis/rules/index.js';
import type { Config } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { RunFacts, Scope } from '../policy/decide.js';
import type { AuditEntry, Store } from '../store/types.js';
import { analyzeRun, type AnalyzedJob, type BaselineCache } from './analyze-run.js';
import type { GitHubPort } from './ports.js';
import { trackFailure } from './track-failure.js';
import { refreshPrComments } from './pr-comment.js';

export interface FailedRunJob {
  repo: string;
  installationId: number;
  runId: number;
  runAttempt: number;
  delivery: string;
  facts: RunFacts;
  scope: Scope;
}

export interface FlowDeps {
  github: GitHubPort;
  store: Store;
  config: Config;
  rules: readonly Rule[];
  logger: Logger;
  baselines: BaselineCache | null;
  now: () => Date;
  /** Present when the Copilot user token is configured (assignment needs a user token). */
  copilotAssign: boolean;
}

export function auditor(deps: Pick<FlowDeps, 'store' | 'now'>, base: Omit<AuditEntry, 'at' | 'action' | 'reason'>) {
  return (action: string, reason: string, extra: Partial<AuditEntry> = {}) =>
    deps.store.audit({ at: deps.now().toISOString(), ...base, action, reason, ...extra });
}

/** One failure per fingerprint: a matrix of jobs failing the same way is one problem. */
function distinct(jobs: AnalyzedJob[]): AnalyzedJob[] {
  const seen = new Map<string, AnalyzedJob>();
  for (const j of jobs) if (!seen.has(j.analysis.fingerprint)) seen.set(j.analysis.fingerprint, j);
  return [...seen.values()];
}

/** A pull request run passed: its workflow's failures leave the diagnosis comment. */
export async function handlePassedPrRun(deps: FlowDeps, job: FailedRunJob): Promise<void> {
  const audit = auditor(deps, { repo: job.repo, delivery: job.delivery, runId: job.runId });
  if (deps.config.dry_run) return;
  await refreshPrComments(deps, await deps.github.getRun(job.runId), [], audit);
}

export async function handleFailedRun(deps: FlowDeps, job: FailedRunJob): Promise<void> {
  const audit = auditor(deps, { repo: job.repo, delivery: job.delivery, runId: job.runId });
  const run = await deps.github.getRun(job.runId);
  const failedJobs = await deps.github.listFailedJobs(job.runId, job.runAttempt);
  if (failedJobs.length === 0) {
    await audit('run.ignored', 'the run has no failed job (re-run meanwhile?)', { rule: 'jobs' });
    return;
  }
  const flaky = run.attempt > job.runAttempt && run.conclusion === 'success';
  const baseBranch = run.pullRequests[0]?.baseRef ?? null;
  const analyzed = await analyzeRun(
    { github: deps.github, logger: deps.logger, rules: deps.rules, maxBytes: deps.config.log_max_bytes, baselines: deps.config.baseline ? deps.baselines : null, now: deps.now },
    run, failedJobs, baseBranch,
  );
  for (const a of analyzed) await audit('job.analyzed', `${a.job.name}: ${a.analysis.category} (${a.analysis.fix_confidence}%): ${a.analysis.root_cause.slice(0, 200)}`, { fingerprint: a.analysis.fingerprint });

  if (deps.config.dry_run) {
    await audit('run.dry_run', 'dry_run is on: decisions are recorded, nothing is written', { rule: 'dry_run' });
  }
  if (job.scope === 'pr_comment') {
    if (!deps.config.dry_run) await refreshPrComments(deps, run, analyzed, audit);
    return;
  }
  if (job.scope === 'pr_slack') {
    await audit('slack.skipped', 'pull_requests is slack, but no Slack workspace is configured', { rule: 'pull_requests' });
    return;
  }
  const workflowText = run.path ? await deps.github.getFile(run.path, run.headSha) : null;
  for (const failure of distinct(analyzed)) {
    await trackFailure(deps, { run, job, failure, flaky, workflowText, audit });
  }
}
