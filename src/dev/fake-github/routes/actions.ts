// Workflow runs, attempts and jobs (seeded by tests), and job logs served through a 302 to a
// short-lived blob URL, the way GitHub hands logs out.
import { randomBytes } from 'node:crypto';
import { intParam, notFound, ok, paginate, type Handler, type HandlerContext } from '../http.js';
import type { JobRecord, RepoRecord, RunAttemptRecord } from '../state.js';
import { jobView, runView } from '../views-actions.js';
import { repoOf } from './issues.js';

const RUN_STATUSES = new Set(['queued', 'in_progress', 'completed', 'requested', 'waiting', 'pending']);

function attemptsOf(repo: RepoRecord, runId: number): RunAttemptRecord[] {
  const attempts = repo.runs.get(runId);
  if (!attempts?.length) throw notFound();
  return attempts;
}

const latest = (attempts: RunAttemptRecord[]): RunAttemptRecord => attempts[attempts.length - 1]!;

function withoutPrs(ctx: HandlerContext, run: RunAttemptRecord): RunAttemptRecord {
  return ctx.query.exclude_pull_requests === 'true' ? { ...run, pullRequests: [] } : run;
}

const getRun: Handler = (ctx) => {
  const repo = repoOf(ctx);
  return ok(runView(ctx, repo, withoutPrs(ctx, latest(attemptsOf(repo, intParam(ctx, 'run_id'))))));
};

const getAttempt: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const run = attemptsOf(repo, intParam(ctx, 'run_id')).find((a) => a.attempt === intParam(ctx, 'attempt_number'));
  if (!run) throw notFound();
  return ok(runView(ctx, repo, withoutPrs(ctx, run)));
};

function jobsReply(ctx: HandlerContext, repo: RepoRecord, attempts: RunAttemptRecord[]): ReturnType<Handler> {
  const pairs = attempts.flatMap((run) => run.jobs.map((job) => ({ run, job })));
  const { page, headers } = paginate(ctx, pairs);
  return ok({ total_count: pairs.length, jobs: page.map(({ run, job }) => jobView(ctx, repo, run, job)) }, 200, headers);
}

const listJobs: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const attempts = attemptsOf(repo, intParam(ctx, 'run_id'));
  return jobsReply(ctx, repo, ctx.query.filter === 'all' ? attempts : [latest(attempts)]);
};

const listAttemptJobs: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const run = attemptsOf(repo, intParam(ctx, 'run_id')).find((a) => a.attempt === intParam(ctx, 'attempt_number'));
  if (!run) throw notFound();
  return jobsReply(ctx, repo, [run]);
};

function runsReply(ctx: HandlerContext, repo: RepoRecord, workflowId?: string): ReturnType<Handler> {
  const q = ctx.query;
  const runs = [...repo.runs.values()]
    .map(latest)
    .filter(
      (r) =>
        (!workflowId || String(r.workflowId) === workflowId || r.path.split('/').pop() === workflowId) &&
        (!q.branch || r.headBranch === q.branch) &&
        (!q.event || r.event === q.event) &&
        (!q.actor || r.actor.login === q.actor) &&
        (!q.head_sha || r.headSha === q.head_sha) &&
        (!q.status || (RUN_STATUSES.has(q.status) ? r.status === q.status : r.conclusion === q.status)),
    )
    .sort((a, b) => (a.createdAt === b.createdAt ? b.id - a.id : a.createdAt < b.createdAt ? 1 : -1));
  const { page, headers } = paginate(ctx, runs);
  return ok({ total_count: runs.length, workflow_runs: page.map((r) => runView(ctx, repo, withoutPrs(ctx, r))) }, 200, headers);
}

const listRepoRuns: Handler = (ctx) => runsReply(ctx, repoOf(ctx));

const listWorkflowRuns: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const id = ctx.params.workflow_id ?? '';
  const known = [...repo.runs.values()].some((a) => a.some((r) => String(r.workflowId) === id || r.path.split('/').pop() === id));
  if (!known) throw notFound();
  return runsReply(ctx, repo, id);
};

function findJob(repo: RepoRecord, jobId: number): { run: RunAttemptRecord; job: JobRecord } {
  for (const attempts of repo.runs.values()) {
    for (const run of attempts) {
      const job = run.jobs.find((j) => j.id === jobId);
      if (job) return { run, job };
    }
  }
  throw notFound();
}

const getJob: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const { run, job } = findJob(repo, intParam(ctx, 'job_id'));
  return ok(jobView(ctx, repo, run, job));
};

const downloadJobLogs: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const { job } = findJob(repo, intParam(ctx, 'job_id'));
  const token = randomBytes(12).toString('hex');
  ctx.state.logLinks.set(token, { text: job.log, expiresAt: Date.now() + ctx.state.settings.logTtlMs, jobId: job.id });
  return { status: 302, headers: { location: `${ctx.apiUrl}/_blobs/logs/${token}` } };
};

export const actionHandlers: Record<string, Handler> = {
  'actions/get-workflow-run': getRun,
  'actions/get-workflow-run-attempt': getAttempt,
  'actions/list-jobs-for-workflow-run': listJobs,
  'actions/list-jobs-for-workflow-run-attempt': listAttemptJobs,
  'actions/list-workflow-runs-for-repo': listRepoRuns,
  'actions/list-workflow-runs': listWorkflowRuns,
  'actions/get-job-for-workflow-run': getJob,
  'actions/download-job-logs-for-workflow-run': downloadJobLogs,
};
