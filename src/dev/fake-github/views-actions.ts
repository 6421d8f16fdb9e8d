// `workflow-run` and `job` JSON.
import { createHash } from 'node:crypto';
import type { JobRecord, RepoRecord, RunAttemptRecord } from './state.js';
import { nodeId, repoRecordView, repoView, userView, type ViewContext } from './views.js';

function stableId(text: string): number {
  return createHash('sha1').update(text).digest().readUInt32BE(0) % 900_000_000 + 1_000;
}

function headRepoView(v: ViewContext, repo: RepoRecord, run: RunAttemptRecord): Record<string, unknown> {
  const h = run.headRepository;
  if (!h.fork && `${h.owner}/${h.name}`.toLowerCase() === repo.fullName.toLowerCase()) return repoRecordView(v, repo);
  // Fork runs point at a repository the fake does not host; GitHub still describes it in full.
  return repoView(v, {
    id: stableId(`${h.owner}/${h.name}`),
    owner: v.state.user(h.owner),
    name: h.name,
    private: false,
    fork: h.fork,
    defaultBranch: repo.defaultBranch,
    createdAt: repo.createdAt,
  });
}

export function runView(v: ViewContext, repo: RepoRecord, run: RunAttemptRecord): Record<string, unknown> {
  const api = `${v.apiUrl}/repos/${repo.fullName}`;
  const runApi = `${api}/actions/runs/${run.id}`;
  const html = `${v.state.settings.htmlUrl}/${repo.fullName}/actions/runs/${run.id}`;
  const checkSuite = stableId(`suite:${run.id}:${run.attempt}`);
  const author = { name: run.actor.login, email: `${run.actor.id}+${run.actor.login}@users.noreply.github.com` };
  const tree = repo.git.commits.get(run.headSha)?.tree ?? createHash('sha1').update(`tree:${run.headSha}`).digest('hex');
  return {
    id: run.id,
    name: run.name,
    node_id: nodeId('WFR', run.id),
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: run.path,
    display_title: run.displayTitle,
    run_number: run.runNumber,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: run.workflowId,
    check_suite_id: checkSuite,
    check_suite_node_id: nodeId('CS', checkSuite),
    url: runApi,
    html_url: run.attempt > 1 ? `${html}/attempts/${run.attempt}` : html,
    pull_requests: run.pullRequests.map((pr) => {
      const repoRef = { id: repo.id, url: api, name: repo.name };
      return {
        id: stableId(`pr:${repo.fullName}:${pr.number}`),
        number: pr.number,
        url: `${api}/pulls/${pr.number}`,
        head: { ref: pr.head.ref, sha: pr.head.sha, repo: repoRef },
        base: { ref: pr.base.ref, sha: pr.base.sha, repo: repoRef },
      };
    }),
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    actor: userView(v, run.actor),
    triggering_actor: userView(v, run.actor),
    run_attempt: run.attempt,
    referenced_workflows: [],
    run_started_at: run.createdAt,
    jobs_url: `${runApi}/jobs`,
    logs_url: `${runApi}/logs`,
    check_suite_url: `${api}/check-suites/${checkSuite}`,
    artifacts_url: `${runApi}/artifacts`,
    cancel_url: `${runApi}/cancel`,
    rerun_url: `${runApi}/rerun`,
    previous_attempt_url: run.attempt > 1 ? `${runApi}/attempts/${run.attempt - 1}` : null,
    workflow_url: `${api}/actions/workflows/${run.workflowId}`,
    head_commit: {
      id: run.headSha,
      tree_id: tree,
      message: run.headCommitMessage,
      timestamp: run.createdAt,
      author,
      committer: { name: 'GitHub', email: 'noreply@github.com' },
    },
    repository: repoRecordView(v, repo),
    head_repository: headRepoView(v, repo, run),
  };
}

export function jobView(v: ViewContext, repo: RepoRecord, run: RunAttemptRecord, job: JobRecord): Record<string, unknown> {
  const api = `${v.apiUrl}/repos/${repo.fullName}`;
  return {
    id: job.id,
    run_id: run.id,
    workflow_name: run.name,
    head_branch: run.headBranch,
    run_url: `${api}/actions/runs/${run.id}`,
    run_attempt: job.runAttempt,
    node_id: nodeId('CR', job.id),
    head_sha: run.headSha,
    url: `${api}/actions/jobs/${job.id}`,
    html_url: `${v.state.settings.htmlUrl}/${repo.fullName}/actions/runs/${run.id}/job/${job.id}`,
    status: job.status,
    conclusion: job.conclusion,
    created_at: job.startedAt,
    started_at: job.startedAt,
    completed_at: job.completedAt,
    name: job.name,
    steps: job.steps.map((s) => ({
      name: s.name,
      status: s.status,
      conclusion: s.conclusion,
      number: s.number,
      started_at: job.startedAt,
      completed_at: job.completedAt,
    })),
    check_run_url: `${api}/check-runs/${job.id}`,
    labels: job.labels,
    runner_id: 1,
    runner_name: 'GitHub Actions 1',
    runner_group_id: 1,
    runner_group_name: 'GitHub Actions',
  };
}
