import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWorker, defaultBackoffMs, type Worker, type WorkerOptions } from '../src/queue/worker.js';
import { openLowdbStore } from '../src/store/lowdb.js';
import type { Store } from '../src/store/types.js';

const T0 = Date.parse('2025-01-01T00:00:00.000Z');
let t = 0; // fake clock, ms after T0
const now = (): Date => new Date(T0 + t);

let dir: string;
let store: Store;
const workers: Worker[] = [];
const logs: Array<{ level: string; msg: string | undefined; obj: object }> = [];
const logger = {
  info: (obj: object, msg?: string) => logs.push({ level: 'info', msg, obj }),
  warn: (obj: object, msg?: string) => logs.push({ level: 'warn', msg, obj }),
  error: (obj: object, msg?: string) => logs.push({ level: 'error', msg, obj }),
};

function start(over: Partial<WorkerOptions> & Pick<WorkerOptions, 'handlers'>): Worker {
  const w = startWorker({ store, now, logger, pollMs: 10_000, ...over });
  workers.push(w);
  return w;
}
const enqueue = (kind: string, key: string, payload: unknown = null) => store.enqueue({ kind, key, payload, runAfter: now() });
const job = async (key: string) => (await store.listJobs()).find((j) => j.key === key);

beforeEach(async () => {
  t = 0;
  logs.length = 0;
  dir = await mkdtemp(join(tmpdir(), 'autofix-queue-'));
  store = await openLowdbStore({ file: join(dir, 'state.json'), now });
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('queue worker', () => {
  it('runs handlers in order and marks jobs done', async () => {
    const seen: unknown[] = [];
    await enqueue('greet', 'a', { n: 1 });
    await enqueue('greet', 'b', { n: 2 });
    const w = start({ handlers: { greet: async (p) => void seen.push(p) } });
    await w.drain();
    expect(seen).toEqual([{ n: 1 }, { n: 2 }]);
    expect((await store.listJobs('done')).map((j) => j.key)).toEqual(['a', 'b']);
    await enqueue('greet', 'c', { n: 3 });
    w.kick();
    await w.drain();
    expect(seen).toHaveLength(3);
  });

  it('retries a failing handler with exponential backoff, then succeeds', async () => {
    let calls = 0;
    await enqueue('flaky', 'k');
    const w = start({
      handlers: {
        flaky: async () => {
          if (++calls < 3) throw new Error(`transient ${calls}`);
        },
      },
    });
    await w.drain();
    expect(await job('k')).toMatchObject({ status: 'queued', attempts: 1, lastError: 'Error: transient 1', runAfter: new Date(T0 + 2000).toISOString() });
    t = 1999;
    await w.drain();
    expect(calls).toBe(1); // not due yet
    t = 2000;
    await w.drain();
    expect(await job('k')).toMatchObject({ status: 'queued', attempts: 2, runAfter: new Date(T0 + 2000 + 4000).toISOString() });
    t = 6000;
    await w.drain();
    expect(await job('k')).toMatchObject({ status: 'done', attempts: 3 });
    expect(logs.filter((l) => l.level === 'warn')).toHaveLength(2);
  });

  it('gives up after maxAttempts and logs an error', async () => {
    let calls = 0;
    await enqueue('broken', 'k');
    const w = start({
      maxAttempts: 3,
      backoffMs: () => 0,
      handlers: {
        broken: async () => {
          calls++;
          throw new TypeError('always');
        },
      },
    });
    await w.drain();
    expect(calls).toBe(3);
    expect(await job('k')).toMatchObject({ status: 'failed', attempts: 3, lastError: 'TypeError: always' });
    expect(logs.find((l) => l.level === 'error')?.msg).toMatch(/failed permanently after 3 attempts/);
  });

  it('fails a job of unknown kind at once, naming the kinds it knows', async () => {
    await enqueue('mystery', 'k');
    const w = start({ handlers: { analyze: async () => {}, propose: async () => {} } });
    await w.drain();
    const j = await job('k');
    expect(j).toMatchObject({ status: 'failed', attempts: 1 });
    expect(j?.lastError).toBe('no handler for job kind "mystery" (known kinds: analyze, propose)');
  });

  it('picks up a job whose lease expired, and gives up on one that keeps crashing its worker', async () => {
    await enqueue('work', 'k');
    await store.claimJob('crashed-worker', now(), 1000);
    let calls = 0;
    const w = start({ maxAttempts: 2, handlers: { work: async () => void calls++ } });
    await w.drain();
    expect(calls).toBe(0); // lease still held
    t = 1000;
    await w.drain();
    expect(calls).toBe(1);
    expect(await job('k')).toMatchObject({ status: 'done', attempts: 2 });

    await enqueue('work', 'doomed');
    for (let i = 0; i < 2; i++) await store.claimJob('crashed-again', now(), 0); // two runs that never reported back
    await w.drain();
    expect(calls).toBe(1);
    expect(await job('doomed')).toMatchObject({ status: 'failed', attempts: 3 });
    expect((await job('doomed'))?.lastError).toMatch(/gave up after 2 attempts/);
  });

  it('drain() resolves while a job waits for a later time, without running it', async () => {
    await store.enqueue({ kind: 'work', key: 'later', payload: null, runAfter: new Date(T0 + 60_000) });
    let calls = 0;
    const w = start({ handlers: { work: async () => void calls++ } });
    await w.drain();
    expect(calls).toBe(0);
    t = 60_000;
    await w.drain();
    expect(calls).toBe(1);
  });

  it('stop() lets the running job finish and claims nothing after', async () => {
    let release!: () => void;
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const seen: string[] = [];
    await enqueue('slow', 'first');
    const w = start({
      handlers: {
        slow: async (_p, j) => {
          started();
          await new Promise<void>((r) => (release = r));
          seen.push(j.key);
        },
      },
    });
    await running;
    let stopped = false;
    const stopping = w.stop().then(() => (stopped = true));
    await enqueue('slow', 'second');
    w.kick();
    await new Promise((r) => setTimeout(r, 20));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(seen).toEqual(['first']);
    expect((await job('first'))?.status).toBe('done');
    expect((await job('second'))?.status).toBe('queued');
    await w.drain(); // resolves at once once stopped
  });

  it('runs up to `concurrency` jobs at once', async () => {
    let active = 0;
    let peak = 0;
    for (const k of ['a', 'b', 'c', 'd']) await enqueue('work', k);
    const w = start({
      concurrency: 2,
      handlers: {
        work: async () => {
          peak = Math.max(peak, ++active);
          await new Promise((r) => setTimeout(r, 10));
          active--;
        },
      },
    });
    await w.drain();
    expect(peak).toBe(2);
    expect(await store.listJobs('done')).toHaveLength(4);
  });

  it('polls on its own, without kick()', async () => {
    let calls = 0;
    const w = start({ pollMs: 5, handlers: { work: async () => void calls++ } });
    await w.drain();
    await enqueue('work', 'k');
    await expect.poll(() => calls, { timeout: 2000 }).toBe(1);
  });

  it('has the documented default backoff', () => {
    expect([1, 2, 3, 8, 9, 20].map(defaultBackoffMs)).toEqual([2000, 4000, 8000, 256_000, 300_000, 300_000]);
  });
});
