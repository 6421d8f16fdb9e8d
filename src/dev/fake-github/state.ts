// Everything the fake remembers. Records are plain objects so tests can inspect them directly;
// the GitHub-shaped JSON is built from them in views.ts.
import { createHash } from 'node:crypto';
import type { Identity, TokenStore } from './auth.js';
import { GitStore, now } from './git.js';
import { notFound } from './http.js';

export interface UserRecord {
  login: string;
  id: number;
  type: 'User' | 'Bot' | 'Organization';
}

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

export type AuthorAssociation = 'OWNER' | 'MEMBER' | 'COLLABORATOR' | 'CONTRIBUTOR' | 'NONE';

export interface CommentRecord {
  id: number;
  issueNumber: number;
  body: string;
  user: UserRecord;
  authorAssociation: AuthorAssociation;
  createdAt: string;
  updatedAt: string;
}

export interface PullFields {
  id: number;
  headRef: string;
  /** Last known head sha; the live branch wins while it exists. */
  headSha: string;
  baseRef: string;
  baseSha: string;
  draft: boolean;
  merged: boolean;
  maintainerCanModify: boolean;
}

export interface AgentAssignment {
  target_repo?: string;
  base_branch?: string;
  custom_instructions?: string;
  custom_agent?: string;
  model?: string;
}

export interface IssueRecord {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'reopened' | 'duplicate' | null;
  /** Label names in the order they were applied; the label objects live on the repo. */
  labels: string[];
  assignees: UserRecord[];
  user: UserRecord;
  authorAssociation: AuthorAssociation;
  locked: boolean;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** Epoch ms from which search can see it (GitHub's index lags behind writes). */
  searchableFrom: number;
  /** Present when this number is a pull request (GitHub shares the number space). */
  pull?: PullFields;
}

export interface StepRecord {
  name: string;
  number: number;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
}

export interface JobRecord {
  id: number;
  runId: number;
  runAttempt: number;
  name: string;
  status: 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
  conclusion: string | null;
  steps: StepRecord[];
  log: string;
  labels: string[];
  startedAt: string;
  completedAt: string | null;
}

export interface RepoRef {
  owner: string;
  name: string;
  fork: boolean;
}

export interface PullRequestRef {
  number: number;
  head: { ref: string; sha: string };
  base: { ref: string; sha: string };
}

export interface RunAttemptRecord {
  id: number;
  attempt: number;
  name: string;
  displayTitle: string;
  headBranch: string | null;
  headSha: string;
  event: string;
  status: string;
  conclusion: string | null;
  workflowId: number;
  path: string;
  runNumber: number;
  actor: UserRecord;
  headRepository: RepoRef;
  pullRequests: PullRequestRef[];
  headCommitMessage: string;
  createdAt: string;
  updatedAt: string;
  jobs: JobRecord[];
}

export interface RepoRecord {
  id: number;
  owner: UserRecord;
  name: string;
  fullName: string;
  defaultBranch: string;
  private: boolean;
  fork: boolean;
  installationId: number;
  createdAt: string;
  git: GitStore;
  labels: Map<string, LabelRecord>;
  issues: Map<number, IssueRecord>;
  comments: Map<number, CommentRecord>;
  /** Run id → attempts, oldest first. */
  runs: Map<number, RunAttemptRecord[]>;
  nextNumber: number;
}

export interface AgentAssignmentRecord {
  repo: string;
  issueNumber: number;
  assignees: string[];
  agentAssignment: AgentAssignment;
  tokenKind: Identity['kind'];
}

export interface Settings {
  appId?: number;
  appSlug: string;
  htmlUrl: string;
  logTtlMs: number;
  /** Items younger than this are invisible to search, like GitHub's lagging index. */
  searchIndexDelayMs: number;
}

export interface LogLink {
  text: string;
  expiresAt: number;
  jobId: number;
}

export class FakeState {
  readonly repos = new Map<string, RepoRecord>();
  readonly installations = new Set<number>();
  readonly agentAssignments: AgentAssignmentRecord[] = [];
  /** Token of a `/_blobs/logs/<token>` URL → the log it serves until it expires. */
  readonly logLinks = new Map<string, LogLink>();
  private readonly counters = new Map<string, number>();
  private readonly users = new Map<string, UserRecord>();

  constructor(
    readonly settings: Settings,
    readonly tokens: TokenStore,
  ) {}

  /** Ids from separate ranges per kind, so a mixed-up id (issue id as comment id) is a 404. */
  nextId(kind: 'repo' | 'issue' | 'comment' | 'label' | 'pull' | 'job'): number {
    const base = { repo: 100_000, issue: 1_000_000, comment: 2_000_000, label: 3_000_000, pull: 4_000_000, job: 5_000_000 }[kind];
    const n = (this.counters.get(kind) ?? base) + 1;
    this.counters.set(kind, n);
    return n;
  }

  user(login: string, type?: UserRecord['type']): UserRecord {
    let u = this.users.get(login.toLowerCase());
    if (!u) {
      const id = createHash('sha1').update(login.toLowerCase()).digest().readUInt32BE(0) % 90_000_000 + 1_000;
      u = { login, id, type: type ?? (login.endsWith('[bot]') ? 'Bot' : 'User') };
      this.users.set(login.toLowerCase(), u);
    }
    return u;
  }

  /** The account an authenticated request acts as. */
  actor(identity: Identity): UserRecord {
    if (identity.kind === 'user') return this.user(identity.login, 'User');
    return this.user(`${this.settings.appSlug}[bot]`, 'Bot');
  }

  findRepo(fullName: string): RepoRecord | undefined {
    return this.repos.get(fullName.toLowerCase());
  }

  /** Repo lookup as GitHub does it: a repo the credential cannot see is a 404, not a 403. */
  repoFor(identity: Identity, owner: string, name: string): RepoRecord {
    const repo = this.findRepo(`${owner}/${name}`);
    if (!repo) throw notFound();
    if (identity.kind === 'installation') {
      if (identity.installationId !== repo.installationId) throw notFound();
      if (identity.repositories && !identity.repositories.includes(repo.name.toLowerCase())) throw notFound();
    }
    if (identity.kind === 'none' && repo.private) throw notFound();
    return repo;
  }

  associationFor(repo: RepoRecord, user: UserRecord): AuthorAssociation {
    if (user.login.toLowerCase() === repo.owner.login.toLowerCase()) return 'OWNER';
    return user.type === 'Bot' ? 'NONE' : 'COLLABORATOR';
  }

  ensureLabel(repo: RepoRecord, name: string): LabelRecord {
    const key = name.toLowerCase();
    let label = repo.labels.get(key);
    if (!label) {
      // GitHub creates unknown labels on the fly when an issue is created or labelled.
      label = { id: this.nextId('label'), name, color: 'ededed', description: null, default: false };
      repo.labels.set(key, label);
    }
    return label;
  }

  issue(repo: RepoRecord, number: number): IssueRecord {
    const issue = repo.issues.get(number);
    if (!issue) throw notFound();
    return issue;
  }

  touch(issue: IssueRecord): void {
    issue.updatedAt = now();
  }
}
