// The Store port on lowdb: one JSON file, one process (stack.md §5: two processes lose writes).
// Every claim is a synchronous check-and-set on the in-memory state (no await in between, so
// it is atomic within the process), then the method awaits the write: when it returns, the
// state it reported is on disk (renamed into place; steno does not fsync).
import { openState, type Counter, type State, type StoredJob } from './lowdb-file.js';
import type { ActionRecord, AuditEntry, FailureRecord, Job, JobStatus, Store } from './types.js';

export { StoreFileError } from './lowdb-file.js';

const DAY_MS = 86_400_000;

export interface LowdbStoreOptions {
  /** Path of the JSON file; null keeps everything in memory (tests). */
  file: string | null;
  /** Deliveries older than this are forgotten when a new one is claimed. Default 7 days. */
  retainDeliveriesMs?: number;
  /** Newest audit entries kept. Default 5000. */
  retainAuditEntries?: number;
  /** Done jobs are dropped this long after completion (their key can then be enqueued again). Default 1 day. */
  retainJobsMs?: number;
  /** Failed jobs are kept longer, for inspection. Default 30 days. */
  retainFailedJobsMs?: number;
  /** A corrupt file throws by default; 'reset' moves it to `<file>.corrupt-<timestamp>` and starts empty. */
  onCorrupt?: 'throw' | 'reset';
  /** Clock for times the port does not pass in (enqueue without runAfter, job completion). */
  now?: () => Date;
  logger?: { warn(obj: object, msg?: string): void };
}

const ms = (iso: string): number => Date.parse(iso);

function toJob(j: StoredJob): Job {
  const { createdAt: _c, finishedAt: _f, ...job } = j;
  return structuredClone(job);
}

export async function openLowdbStore(opts: LowdbStoreOptions): Promise<Store> {
  const retainDeliveriesMs = opts.retainDeliveriesMs ?? 7 * DAY_MS;
  const retainAudit = opts.retainAuditEntries ?? 5000;
  const retainJobsMs = opts.retainJobsMs ?? DAY_MS;
  const retainFailedJobsMs = opts.retainFailedJobsMs ?? 30 * DAY_MS;
  const clock = opts.now ?? (() => new Date());
  const warn = (obj: object, msg: string): void => (opts.logger ? opts.logger.warn(obj, msg) : console.warn(msg, obj));
  const { state: s, persister: io } = await openState(opts.file, { onCorrupt: opts.onCorrupt ?? 'throw', warn });
  let closed = false;

  function open(): State {
    if (closed) throw new Error(`store ${opts.file ?? '(memory)'} is closed`);
    return s;
  }

  /**
   * Check-and-set, then persist. `apply` runs synchronously right after a passing `test` and
   * returns its undo. A caller that loses waits for writes in flight before saying no: the
   * winner's write may still fail and be rolled back, and a "no" must rest on state on disk.
   */
  async function claim(test: () => boolean, apply: () => () => void): Promise<boolean> {
    for (let waited = false; ; waited = true) {
      if (test()) {
        await io.persist(apply());
        return true;
      }
      if (waited || !io.busy) return false;
      await io.settled();
    }
  }

  function pruneDeliveries(before: number, oldestFirst = false): number {
    let n = 0;
    for (const [id, d] of s.deliveries) {
      if (ms(d.at) < before) n += Number(s.deliveries.delete(id));
      // Map order is claim order, roughly time order: on the hot path stop at the first young one
      // (O(expired), not O(all)); pruneDeliveries() does the full pass for stragglers.
      else if (oldestFirst) break;
    }
    return n;
  }

  /** Trims a counter to its largest window and counts the uses inside `windowMs`. */
  function inWindow(key: string, windowMs: number, now: Date): { counter: Counter | undefined; used: number } {
    const counter = s.counters.get(key);
    if (!counter) return { counter, used: 0 };
    counter.windowMs = Math.max(counter.windowMs, windowMs);
    const t = now.getTime();
    counter.uses = counter.uses.filter((u) => ms(u) > t - counter.windowMs);
    return { counter, used: counter.uses.filter((u) => ms(u) > t - windowMs).length };
  }

  function pruneJobs(now: number): void {
    s.jobs = s.jobs.filter((j) => {
      if (j.status === 'done') return !j.finishedAt || ms(j.finishedAt) > now - retainJobsMs;
      if (j.status === 'failed') return !j.finishedAt || ms(j.finishedAt) > now - retainFailedJobsMs;
      return true;
    });
  }

  /** The job, if `lockedBy` still holds its lease; otherwise the caller lost it (expired and re-claimed). */
  function held(id: number, lockedBy: string): StoredJob | undefined {
    return s.jobs.find((j) => j.id === id && j.status === 'running' && j.lockedBy === lockedBy);
  }

  return {
    async claimDelivery(id, event, now) {
      open();
      pruneDeliveries(now.getTime() - retainDeliveriesMs, true);
      return claim(
        () => !s.deliveries.has(id),
        () => {
          s.deliveries.set(id, { event, at: now.toISOString() });
          return () => s.deliveries.delete(id);
        },
      );
    },
    async pruneDeliveries(olderThan) {
      open();
      const n = pruneDeliveries(olderThan.getTime());
      if (n > 0) await io.persist();
      return n;
    },

    async getFailure(repo, fingerprint) {
      const rec = open().failures.get(`${repo} ${fingerprint}`);
      return rec ? structuredClone(rec) : null;
    },
    async putFailure(rec: FailureRecord) {
      open().failures.set(`${rec.repo} ${rec.fingerprint}`, structuredClone(rec));
      await io.persist();
    },

    async getAction(key) {
      const rec = open().actions.get(key);
      return rec ? structuredClone(rec) : null;
    },
    async putAction(rec: ActionRecord) {
      open().actions.set(rec.key, structuredClone(rec));
      await io.persist();
    },

    async tryConsume(kind, repo, limit, windowMs, now) {
      open();
      const key = `${kind}:${repo}`;
      const at = now.toISOString();
      return claim(
        () => inWindow(key, windowMs, now).used < limit,
        () => {
          const counter = s.counters.get(key) ?? { windowMs, uses: [] };
          s.counters.set(key, counter);
          counter.uses.push(at);
          return () => {
            const i = counter.uses.lastIndexOf(at);
            if (i >= 0) counter.uses.splice(i, 1);
          };
        },
      );
    },
    async countUses(kind, repo, windowMs, now) {
      open();
      return inWindow(`${kind}:${repo}`, windowMs, now).used;
    },

    async audit(entry: AuditEntry) {
      open().audit.push(structuredClone(entry));
      if (s.audit.length > retainAudit) s.audit.splice(0, s.audit.length - retainAudit);
      await io.persist();
    },
    async listAudit(filter = {}) {
      return open()
        .audit.filter(
          (e) =>
            (filter.repo === undefined || e.repo === filter.repo) &&
            (filter.runId === undefined || e.runId === filter.runId) &&
            (filter.action === undefined || e.action === filter.action),
        )
        .map((e) => structuredClone(e));
    },

    async enqueue({ kind, key, payload, runAfter }) {
      open();
      // Round-trip through JSON now, so a handler sees the same payload before and after a
      // restart, and an unserializable payload fails here rather than in a later write.
      const stored = JSON.parse(JSON.stringify(payload ?? null)) as unknown;
      const nowIso = clock().toISOString();
      return claim(
        () => !s.jobs.some((j) => j.key === key),
        () => {
          const job: StoredJob = {
            id: s.nextJobId++,
            kind,
            key,
            payload: stored,
            status: 'queued',
            attempts: 0,
            runAfter: (runAfter ?? new Date(nowIso)).toISOString(),
            lockedBy: null,
            lockedUntil: null,
            lastError: null,
            createdAt: nowIso,
            finishedAt: null,
          };
          s.jobs.push(job);
          return () => {
            s.jobs = s.jobs.filter((j) => j !== job);
          };
        },
      );
    },
    async claimJob(workerId, now, leaseMs) {
      open();
      const t = now.getTime();
      pruneJobs(t);
      let best: StoredJob | undefined;
      for (const j of s.jobs) {
        const due =
          (j.status === 'queued' && ms(j.runAfter) <= t) ||
          (j.status === 'running' && (j.lockedUntil === null || ms(j.lockedUntil) <= t));
        // Jobs are in id order, so "strictly earlier" keeps the oldest on ties.
        if (due && (!best || ms(j.runAfter) < ms(best.runAfter))) best = j;
      }
      if (!best) return null;
      const job = best;
      const before = { status: job.status, attempts: job.attempts, lockedBy: job.lockedBy, lockedUntil: job.lockedUntil };
      // Attempts count claims, so a job whose worker keeps crashing still runs out of attempts.
      Object.assign(job, { status: 'running', attempts: job.attempts + 1, lockedBy: workerId, lockedUntil: new Date(t + leaseMs).toISOString() });
      await io.persist(() => Object.assign(job, before));
      return toJob(job);
    },
    async completeJob(id, workerId) {
      open();
      const job = held(id, workerId);
      if (!job) return; // lease lost: whoever holds it now decides the outcome
      Object.assign(job, { status: 'done', lockedBy: null, lockedUntil: null, finishedAt: clock().toISOString() });
      await io.persist();
    },
    async failJob(id, workerId, error, retryAt) {
      open();
      const job = held(id, workerId);
      if (!job) return;
      Object.assign(job, { lockedBy: null, lockedUntil: null, lastError: error.slice(0, 4000) });
      if (retryAt) Object.assign(job, { status: 'queued', runAfter: retryAt.toISOString() });
      else Object.assign(job, { status: 'failed', finishedAt: clock().toISOString() });
      await io.persist();
    },
    async listJobs(status?: JobStatus) {
      return open()
        .jobs.filter((j) => status === undefined || j.status === status)
        .map(toJob);
    },

    async close() {
      closed = true;
      await io.settled();
    },
  };
}
