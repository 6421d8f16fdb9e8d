// What the flows need from the outside world, in their own terms. The GitHub adapter implements
// GitHubPort for one repository of one installation; tests may use the real adapter against
// the fake GitHub in src/dev, or small in-memory stand-ins where the network is beside the point.
import type { WorkflowEdit } from '../proposal/types.js';

export interface RunInfo {
  id: number;
  attempt: number;
  name: string;
  workflowId: number;
  /** `.github/workflows/ci.yml` */
  path: string;
  headBranch: string | null;
  headSha: string;
  event: string;
  status: string | null;
  conclusion: string | null;
  htmlUrl: string;
  fromFork: boolean;
  actor: string | null;
  pullRequests: { number: number; baseRef: string }[];
}

export interface JobInfo {
  id: number;
  name: string;
  conclusion: string | null;
  htmlUrl: string | null;
  steps: { number: number; name: string; conclusion: string | null }[];
}

export interface IssueInfo {
  number: number;
  state: 'open' | 'closed';
  stateReason: string | null;
  body: string;
  htmlUrl: string;
}

export interface LogStream {
  chunks: AsyncIterable<Buffer>;
  /** True once the download was cut at the size cap (read after consuming `chunks`). */
  truncated(): boolean;
}

export interface DraftPrRequest {
  branch: string;
  base: string;
  baseSha: string;
  title: string;
  body: string;
  labels: string[];
  commitMessage: string;
  edit: WorkflowEdit | null;
  draft: boolean;
}

export interface GitHubPort {
  readonly repo: string;
  defaultBranch(): Promise<string>;
  getRun(runId: number): Promise<RunInfo>;
  listFailedJobs(runId: number, attempt: number): Promise<JobInfo[]>;
  openJobLog(jobId: number, maxBytes: number): Promise<LogStream>;
  /** The latest successful run of the workflow on `branch` other than `exceptRunId`. */
  lastSuccessfulRun(workflowId: number, branch: string, exceptRunId: number): Promise<RunInfo | null>;
  listJobs(runId: number): Promise<JobInfo[]>;
  getFile(path: string, ref: string): Promise<string | null>;
  findIssueByMarker(marker: string, label: string): Promise<IssueInfo | null>;
  getIssue(issueNumber: number): Promise<IssueInfo>;
  createIssue(issue: { title: string; body: string; labels: string[] }): Promise<IssueInfo>;
  updateIssueBody(issueNumber: number, body: string): Promise<void>;
  ensureLabels(names: string[]): Promise<void>;
  findPullByBranch(branch: string): Promise<{ number: number; state: string; htmlUrl: string } | null>;
  createDraftPr(req: DraftPrRequest): Promise<{ number: number; htmlUrl: string }>;
  /** One comment per marker: edited in place when it exists. */
  upsertComment(issueNumber: number, marker: string, body: string): Promise<{ id: number; created: boolean }>;
  createComment(issueNumber: number, body: string): Promise<{ id: number }>;
  /** Assigns the Copilot coding agent; false when no user token is configured. */
  assignCopilot(issueNumber: number, opts: { baseBranch: string; instructions: string }): Promise<boolean>;
}
