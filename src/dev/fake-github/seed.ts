// Test-side setup: repositories with real commits, workflow runs with jobs and logs, pre-existing
// issues. Inputs use GitHub's own field names so seeds read like API payloads.
import { createHash } from 'node:crypto';
import { GitStore, now, type CommitObject } from './git.js';
import { addComment } from './routes/comments.js';
import type { AuthorAssociation, CommentRecord, FakeState, IssueRecord, JobRecord, RepoRecord, RunAttemptRecord, StepRecord } from './state.js';

export interface RepoSeed {
  owner: string;
  name: string;
  defaultBranch?: string;
  private?: boolean;
  fork?: boolean;
  installationId?: number;
  ownerType?: 'User' | 'Organization';
  /** Files of the initial commit on the default branch (default: a README). */
  files?: Record<string, string>;
}

export interface JobSeed {
  id?: number;
  name: string;
  status?: JobRecord['status'];
  conclusion?: string | null;
  steps?: Array<{ name: string; number?: number; status?: StepRecord['status']; conclusion?: string | null }>;
  log?: string;
  labels?: string[];
  /** Attempt this job belongs to (default: the run's attempt). */
  run_attempt?: number;
}

export interface WorkflowRunSeed {
  repo: string;
  id: number;
  name?: string;
  head_branch?: string | null;
  head_sha?: string;
  event?: string;
  status?: string;
  conclusion?: string | null;
  run_attempt?: number;
  run_number?: number;
  workflow_id?: number;
  path?: string;
  display_title?: string;
  actor?: string;
  created_at?: string;
  /** Shorthand for a head repository that is a fork owned by `fork_owner`. */
  fork?: boolean;
  fork_owner?: string;
  head_repository?: { owner: string; name: string; fork?: boolean };
  pull_requests?: Array<{ number: number; head: { ref: string; sha: string }; base: { ref: string; sha: string } }>;
  jobs?: JobSeed[];
}

export interface IssueSeed {
  title: string;
  body?: string | null;
  labels?: string[];
  state?: 'open' | 'closed';
  state_reason?: IssueRecord['stateReason'];
  user?: string;
  assignees?: string[];
  /** Makes it a pull request (head branch need not exist: tests of PR-run failures only need the number). */
  pull?: { headRef: string; baseRef?: string; headSha?: string; draft?: boolean };
}

/** Deterministic workflow id per repo and workflow file, so payload helpers can agree with seeded runs. */
export function workflowIdFor(fullName: string, path: string): number {
  return (createHash('sha1').update(`${fullName.toLowerCase()}:${path}`).digest().readUInt32BE(0) % 90_000_000) + 1_000;
}

const author = (): { name: string; email: string; date: string } => ({ name: 'Octo Cat', email: 'octocat@example.com', date: now() });

export function seedRepo(state: FakeState, s: RepoSeed): RepoRecord {
  const fullName = `${s.owner}/${s.name}`;
  if (state.findRepo(fullName)) throw new Error(`repo ${fullName} already exists`);
  const git = new GitStore();
  const defaultBranch = s.defaultBranch ?? 'main';
  const files = s.files ?? { 'README.md': `# ${s.name}\n` };
  const initial = git.commitChanges(undefined, mapBuffers(files), 'Initial commit', author());
  git.refs.set(`refs/heads/${defaultBranch}`, initial.sha);
  const repo: RepoRecord = {
    id: state.nextId('repo'),
    owner: state.user(s.owner, s.ownerType ?? 'Organization'),
    name: s.name,
    fullName,
    defaultBranch,
    private: s.private ?? false,
    fork: s.fork ?? false,
    installationId: s.installationId ?? 1,
    createdAt: now(),
    git,
    labels: new Map(),
    issues: new Map(),
    comments: new Map(),
    runs: new Map(),
    nextNumber: 1,
  };
  state.repos.set(fullName.toLowerCase(), repo);
  state.installations.add(repo.installationId);
  return repo;
}

function mapBuffers(files: Record<string, string | null>): Record<string, Buffer | null> {
  return Object.fromEntries(Object.entries(files).map(([p, t]) => [p, t === null ? null : Buffer.from(t, 'utf8')]));
}

export function requireRepo(state: FakeState, fullName: string): RepoRecord {
  const repo = state.findRepo(fullName);
  if (!repo) throw new Error(`unknown repo ${fullName}; call addRepo first`);
  return repo;
}

/** Commits files on a branch (creating it from the default branch if needed). `null` deletes. */
export function seedFiles(state: FakeState, fullName: string, branch: string, files: Record<string, string | null>, message = 'Update files'): CommitObject {
  const repo = requireRepo(state, fullName);
  const parent = repo.git.refs.get(`refs/heads/${branch}`) ?? repo.git.refs.get(`refs/heads/${repo.defaultBranch}`);
  const commit = repo.git.commitChanges(parent, mapBuffers(files), message, author());
  repo.git.refs.set(`refs/heads/${branch}`, commit.sha);
  return commit;
}

export function seedRun(state: FakeState, s: WorkflowRunSeed): RunAttemptRecord {
  const repo = requireRepo(state, s.repo);
  const branch = s.head_branch === undefined ? repo.defaultBranch : s.head_branch;
  const headSha =
    s.head_sha ?? (branch && repo.git.refs.get(`refs/heads/${branch}`)) ?? createHash('sha1').update(`run:${s.id}`).digest('hex');
  const path = s.path ?? '.github/workflows/ci.yml';
  const attempt = s.run_attempt ?? 1;
  const status = s.status ?? 'completed';
  const conclusion = s.conclusion === undefined ? (status === 'completed' ? 'failure' : null) : s.conclusion;
  const created = s.created_at ?? now();
  const headRepository = s.head_repository
    ? { fork: false, ...s.head_repository }
    : s.fork
      ? { owner: s.fork_owner ?? 'external-contributor', name: repo.name, fork: true }
      : { owner: repo.owner.login, name: repo.name, fork: false };
  const run: RunAttemptRecord = {
    id: s.id,
    attempt,
    name: s.name ?? 'CI',
    displayTitle: s.display_title ?? repo.git.commits.get(headSha)?.message.split('\n')[0] ?? 'Update files',
    headBranch: branch,
    headSha,
    event: s.event ?? 'push',
    status,
    conclusion,
    workflowId: s.workflow_id ?? workflowIdFor(repo.fullName, path),
    path,
    runNumber: s.run_number ?? (s.id % 10_000) + 1,
    actor: state.user(s.actor ?? 'octocat', 'User'),
    headRepository,
    pullRequests: s.pull_requests ?? [],
    headCommitMessage: repo.git.commits.get(headSha)?.message ?? 'Update files',
    createdAt: created,
    updatedAt: created,
    jobs: [],
  };
  run.jobs = (s.jobs ?? []).map((j) => seedJob(state, run, j, conclusion));
  const attempts = repo.runs.get(s.id) ?? [];
  const rest = attempts.filter((a) => a.attempt !== attempt);
  repo.runs.set(s.id, [...rest, run].sort((a, b) => a.attempt - b.attempt));
  return run;
}

function seedJob(state: FakeState, run: RunAttemptRecord, j: JobSeed, runConclusion: string | null): JobRecord {
  const status = j.status ?? 'completed';
  const conclusion = j.conclusion === undefined ? (status === 'completed' ? runConclusion : null) : j.conclusion;
  return {
    id: j.id ?? state.nextId('job'),
    runId: run.id,
    runAttempt: j.run_attempt ?? run.attempt,
    name: j.name,
    status,
    conclusion,
    steps: (j.steps ?? []).map((st, i) => ({
      name: st.name,
      number: st.number ?? i + 1,
      status: st.status ?? 'completed',
      conclusion: st.conclusion === undefined ? 'success' : st.conclusion,
    })),
    log: j.log ?? '',
    labels: j.labels ?? ['ubuntu-latest'],
    startedAt: run.createdAt,
    completedAt: status === 'completed' ? run.updatedAt : null,
  };
}

export function seedIssue(state: FakeState, fullName: string, s: IssueSeed): IssueRecord {
  const repo = requireRepo(state, fullName);
  const user = state.user(s.user ?? 'octocat');
  const ts = now();
  const issue: IssueRecord = {
    id: state.nextId('issue'),
    number: repo.nextNumber++,
    title: s.title,
    body: s.body ?? null,
    state: s.state ?? 'open',
    stateReason: s.state === 'closed' ? (s.state_reason ?? 'completed') : null,
    labels: (s.labels ?? []).map((n) => state.ensureLabel(repo, n).name),
    assignees: (s.assignees ?? []).map((a) => state.user(a)),
    user,
    authorAssociation: state.associationFor(repo, user),
    locked: false,
    createdAt: ts,
    updatedAt: ts,
    closedAt: s.state === 'closed' ? ts : null,
    searchableFrom: 0,
  };
  if (s.pull) {
    const baseRef = s.pull.baseRef ?? repo.defaultBranch;
    const baseSha = repo.git.refs.get(`refs/heads/${baseRef}`) ?? '0'.repeat(40);
    issue.pull = { id: state.nextId('pull'), headRef: s.pull.headRef, headSha: s.pull.headSha ?? baseSha, baseRef, baseSha, draft: s.pull.draft ?? false, merged: false, maintainerCanModify: true };
  }
  repo.issues.set(issue.number, issue);
  return issue;
}

export function seedComment(state: FakeState, fullName: string, issueNumber: number, text: string, login = 'octocat', association?: AuthorAssociation): CommentRecord {
  const repo = requireRepo(state, fullName);
  state.issue(repo, issueNumber);
  const comment = addComment({ state }, repo, issueNumber, text, state.user(login));
  if (association) comment.authorAssociation = association;
  return comment;
}
