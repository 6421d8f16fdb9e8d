// In-process queue worker over the Store port. Delivery is at least once: a job whose worker
// dies (or whose handler outlives the lease) is claimed again, so handlers must be idempotent
// (they record side effects with putAction before acting again).
import type { Job, Store } from '../store/types.js';

export type JobHandler = (payload: unknown, job: Job) => Promise<void>;

/** The subset of pino the worker uses. */
export interface WorkerLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface WorkerOptions {
  store: Store;
  handlers: Record<string, JobHandler>;
  workerId?: string;
  /** How often to look for due jobs when idle. Default 1000 ms. */
  pollMs?: number;
  /** How long a claimed job stays locked; a handler must finish within it. Default 5 min. */
  leaseMs?: number;
  /** Total runs of a job, including the first. Default 6. */
  maxAttempts?: number;
  /** Delay before the next run after `attempt` failed runs. Default 1 s · 2^attempt, at most 5 min. */
  backoffMs?: (attempt: number) => number;
  /** Jobs run at the same time. Default 1. */
  concurrency?: number;
  now?: () => Date;
  logger?: WorkerLogger;
}

export interface Worker {
  /** Stops claiming, lets running jobs finish. */
  stop(): Promise<void>;
  /** Resolves when no job is due and none runs in this worker (tests). */
  drain(): Promise<void>;
  /** Polls now, e.g. right after enqueue. */
  kick(): void;
}

export const defaultBackoffMs = (attempt: number): number => Math.min(1000 * 2 ** attempt, 5 * 60_000);

const quietLogger: WorkerLogger = {
  info: () => {},
  warn: (obj, msg) => console.warn(msg, obj),
  error: (obj, msg) => console.error(msg, obj),
};

/** For logs: the stack when there is one. */
function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
}
/** For the job's lastError, which lives in the store file: short. */
function summary(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

export function startWorker(opts: WorkerOptions): Worker {
  const { store, handlers } = opts;
  const workerId = opts.workerId ?? `worker-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const pollMs = opts.pollMs ?? 1000;
  const leaseMs = opts.leaseMs ?? 5 * 60_000;
  const maxAttempts = opts.maxAttempts ?? 6;
  const backoffMs = opts.backoffMs ?? defaultBackoffMs;
  const concurrency = Math.max(1, opts.concurrency ?? 1);
  const now = opts.now ?? (() => new Date());
  const log = opts.logger ?? quietLogger;

  let stopped = false;
  let pumping: Promise<void> | null = null;
  let again = false; // a kick arrived while pumping
  let timer: NodeJS.Timeout | null = null;
  let leases = 0;
  /** Running jobs by id, with the lease token that currently holds each. */
  const running = new Map<number, { token: string; done: Promise<void> }>();
  let idleWaiters: Array<() => void> = [];

  function kick(): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = null;
    if (pumping) {
      again = true;
      return;
    }
    pumping = pump().finally(() => {
      pumping = null;
      // A kick (e.g. drain()) may land after pump() checked `again` but before this runs.
      if (again && !stopped) return kick();
      if (!stopped && !timer) {
        timer = setTimeout(kick, pollMs);
        timer.unref(); // the worker alone should not keep a process alive
      }
    });
  }

  /** Claims until no job is due or every slot is busy. */
  async function pump(): Promise<void> {
    let sawNone = false;
    do {
      again = false;
      while (!stopped && running.size < concurrency) {
        // A token per claim (not just the worker id): with concurrency > 1, a stale run must not
        // complete a job that another slot of this worker has re-claimed.
        const token = `${workerId}/${++leases}`;
        let job: Job | null;
        try {
          job = await store.claimJob(token, now(), leaseMs);
        } catch (err) {
          log.error({ workerId, err: describe(err) }, 'queue: claiming a job failed; retrying at the next poll');
          return;
        }
        if (!job) {
          sawNone = true;
          break;
        }
        const current = running.get(job.id);
        if (current) {
          // Our own run outlived its lease and we re-claimed it: let the first run finish under the new lease.
          log.warn({ workerId, jobId: job.id, kind: job.kind }, 'queue: job outlived its lease while running');
          current.token = token;
          continue;
        }
        const entry = { token, done: Promise.resolve() };
        entry.done = run(job, entry).finally(() => {
          running.delete(job.id);
          kick();
        });
        running.set(job.id, entry);
      }
    } while (again && !stopped);
    if ((sawNone || stopped) && running.size === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  async function run(job: Job, lease: { token: string }): Promise<void> {
    const ctx = { workerId, jobId: job.id, kind: job.kind, key: job.key, attempt: job.attempts };
    const fail = async (error: string, retryAt: Date | null): Promise<void> => {
      try {
        await store.failJob(job.id, lease.token, error, retryAt);
      } catch (err) {
        log.error({ ...ctx, err: describe(err) }, 'queue: could not record the failure; the job will run again after its lease');
      }
    };
    const handler = Object.hasOwn(handlers, job.kind) ? handlers[job.kind] : undefined;
    if (!handler) {
      const known = Object.keys(handlers).join(', ') || 'none';
      const error = `no handler for job kind "${job.kind}" (known kinds: ${known})`;
      log.error({ ...ctx, error }, 'queue: job failed permanently');
      return fail(error, null);
    }
    if (job.attempts > maxAttempts) {
      // Only reachable when earlier runs never reported back: the process died or the lease ran out.
      const error = `gave up after ${maxAttempts} attempts: earlier runs never finished (worker crashed or exceeded the ${leaseMs} ms lease)`;
      log.error({ ...ctx, error }, 'queue: job failed permanently');
      return fail(error, null);
    }
    try {
      await handler(job.payload, job);
    } catch (err) {
      const error = summary(err);
      if (job.attempts >= maxAttempts) {
        log.error({ ...ctx, err: describe(err) }, `queue: job failed permanently after ${job.attempts} attempts`);
        return fail(error, null);
      }
      const retryAt = new Date(now().getTime() + backoffMs(job.attempts));
      log.warn({ ...ctx, err: describe(err), retryAt: retryAt.toISOString() }, 'queue: job failed; will retry');
      return fail(error, retryAt);
    }
    try {
      await store.completeJob(job.id, lease.token);
      log.info(ctx, 'queue: job done');
    } catch (err) {
      log.error({ ...ctx, err: describe(err) }, 'queue: could not mark the job done; it will run again after its lease');
    }
  }

  kick();
  return {
    kick,
    drain() {
      if (stopped && running.size === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        kick();
      });
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await pumping;
      await Promise.all([...running.values()].map((r) => r.done));
      for (const w of idleWaiters.splice(0)) w();
    },
  };
}
