// The Store port: everything the bot must remember between deliveries and across restarts.
// Adapters: lowdb on a local file (one process, the default) and PostgreSQL (several replicas).
// Every method that claims something is atomic in its adapter: it returns true to exactly one
// caller, which is how redelivered webhooks and double clicks stay idempotent.

export interface FailureRecord {
  /** owner/name */
  repo: string;
  fingerprint: string;
  category: string;
  workflow: string;
  job: string | null;
  step: string | null;
  rootCause: string;
  firstSeen: string;
  lastSeen: string;
  occurrences: number;
  lastRunId: number;
  lastRunUrl: string | null;
  /** The issue that tracks this failure, once opened. */
  issueNumber: number | null;
  /** Issue numbers of earlier, closed rounds of the same failure (regressions link them). */
  previousIssues: number[];
  prNumber: number | null;
  branch: string | null;
}

export interface ActionRecord {
  /** Idempotency key of a side effect, e.g. `issue:o/r:<fp>`, `pr-comment:o/r#12`. */
  key: string;
  kind: string;
  /** What GitHub returned: issue/PR/comment number or id, URL. */
  ref: { number?: number; id?: number; url?: string };
  /** State the flow keeps with the action (JSON), e.g. the failures a PR comment lists. */
  data?: unknown;
  at: string;
}

export interface AuditEntry {
  at: string;
  repo: string;
  /** What happened or was decided: `issue.created`, `pr.skipped`, `run.ignored`… */
  action: string;
  /** Why, in words a maintainer reads. */
  reason: string;
  /** The config rule or policy branch that decided, e.g. `categories.test_failure.auto_pr`. */
  rule?: string;
  delivery?: string;
  runId?: number;
  fingerprint?: string;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface Job {
  id: number;
  kind: string;
  /** Unique: enqueueing an existing key is a no-op (a second delivery of the same run). */
  key: string;
  payload: unknown;
  status: JobStatus;
  attempts: number;
  runAfter: string;
  lockedBy: string | null;
  lockedUntil: string | null;
  lastError: string | null;
}

export interface Store {
  /** True the first time a delivery id is seen. */
  claimDelivery(id: string, event: string, now: Date): Promise<boolean>;
  pruneDeliveries(olderThan: Date): Promise<number>;

  getFailure(repo: string, fingerprint: string): Promise<FailureRecord | null>;
  putFailure(rec: FailureRecord): Promise<void>;

  getAction(key: string): Promise<ActionRecord | null>;
  putAction(rec: ActionRecord): Promise<void>;

  /**
   * Sliding-window limit: records one use of `kind` for `repo` at `now` and returns true when
   * fewer than `limit` uses happened in the window before; otherwise records nothing.
   */
  tryConsume(kind: 'pr' | 'issue', repo: string, limit: number, windowMs: number, now: Date): Promise<boolean>;
  countUses(kind: 'pr' | 'issue', repo: string, windowMs: number, now: Date): Promise<number>;

  audit(entry: AuditEntry): Promise<void>;
  listAudit(filter?: { repo?: string; runId?: number; action?: string }): Promise<AuditEntry[]>;

  /** Adds a job unless one with the same key exists; true when added. */
  enqueue(job: { kind: string; key: string; payload: unknown; runAfter?: Date }): Promise<boolean>;
  /** Leases the oldest due job (queued, or running with an expired lease). */
  claimJob(workerId: string, now: Date, leaseMs: number): Promise<Job | null>;
  completeJob(id: number, workerId: string): Promise<void>;
  /** Puts a job back for a later attempt, or marks it failed when `retryAt` is null. */
  failJob(id: number, workerId: string, error: string, retryAt: Date | null): Promise<void>;
  listJobs(status?: JobStatus): Promise<Job[]>;

  close(): Promise<void>;
}
