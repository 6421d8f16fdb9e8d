import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Persister } from '../src/store/lowdb-file.js';
import { openLowdbStore, StoreFileError, type LowdbStoreOptions } from '../src/store/lowdb.js';
import type { FailureRecord, Store } from '../src/store/types.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2025-01-01T00:00:00.000Z');
const at = (ms: number): Date => new Date(T0 + ms);

let dir: string;
let file: string;
const open: Store[] = [];
async function openStore(over: Partial<LowdbStoreOptions> = {}): Promise<Store> {
  const s = await openLowdbStore({ file, now: () => at(0), ...over });
  open.push(s);
  return s;
}
/** Close and open the same file again: what a restart sees. */
async function restart(s: Store, over: Partial<LowdbStoreOptions> = {}): Promise<Store> {
  await s.close();
  return openStore(over);
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'autofix-store-'));
  file = join(dir, 'state.json');
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

const iso0 = at(0).toISOString();
const failure: FailureRecord = { repo: 'o/r', fingerprint: 'fp1', category: 'test_failure', workflow: 'CI', job: 'test', step: null, rootCause: 'expected 1 to be 2', firstSeen: iso0, lastSeen: iso0, occurrences: 1, lastRunId: 42, lastRunUrl: null, issueNumber: 7, previousIssues: [3], prNumber: null, branch: null };

describe('deliveries', () => {
  it('claims a delivery once, and the claim is on disk when the call returns', async () => {
    const s = await openStore();
    expect(await s.claimDelivery('d1', 'workflow_run', at(0))).toBe(true);
    expect(await readFile(file, 'utf8')).toContain('"d1"');
    expect(await s.claimDelivery('d1', 'workflow_run', at(1))).toBe(false);
    const again = await restart(s);
    expect(await again.claimDelivery('d1', 'workflow_run', at(2))).toBe(false);
  });

  it('gives exactly one true to 50 concurrent claims', async () => {
    const s = await openStore();
    const results = await Promise.all(Array.from({ length: 50 }, () => s.claimDelivery('dup', 'workflow_run', at(0))));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('forgets deliveries older than the retention when claiming, and on pruneDeliveries', async () => {
    const s = await openStore({ retainDeliveriesMs: DAY });
    await s.claimDelivery('old', 'push', at(0));
    await s.claimDelivery('mid', 'push', at(12 * HOUR));
    expect(await s.claimDelivery('new', 'push', at(DAY + 1))).toBe(true);
    expect(await s.claimDelivery('old', 'push', at(DAY + 2))).toBe(true); // pruned, so new again
    expect(await s.pruneDeliveries(at(DAY))).toBe(1); // only "mid" is older than that
    expect(await s.claimDelivery('mid', 'push', at(DAY + 3))).toBe(true);
  });
});

describe('failures and actions', () => {
  it('round-trip through the file, as copies', async () => {
    const s = await openStore();
    expect(await s.getFailure('o/r', 'fp1')).toBeNull();
    await s.putFailure(failure);
    await s.putAction({ key: 'issue:o/r:fp1', kind: 'issue', ref: { number: 7, url: 'https://x/7' }, at: at(0).toISOString() });
    const got = await s.getFailure('o/r', 'fp1');
    got!.occurrences = 99; // mutating a result must not change the store
    const again = await restart(s);
    expect(await again.getFailure('o/r', 'fp1')).toEqual(failure);
    expect(await again.getFailure('o/other', 'fp1')).toBeNull();
    expect((await again.getAction('issue:o/r:fp1'))?.ref).toEqual({ number: 7, url: 'https://x/7' });
    expect(await again.getAction('__proto__')).toBeNull();
    await again.putFailure({ ...failure, occurrences: 2, previousIssues: [3, 7] });
    expect((await again.getFailure('o/r', 'fp1'))?.previousIssues).toEqual([3, 7]);
  });
});

describe('tryConsume', () => {
  it('is a sliding window that survives a restart', async () => {
    let s = await openStore();
    expect(await s.tryConsume('pr', 'o/r', 2, HOUR, at(0))).toBe(true);
    expect(await s.tryConsume('pr', 'o/r', 2, HOUR, at(10 * 60_000))).toBe(true);
    expect(await s.tryConsume('pr', 'o/r', 2, HOUR, at(20 * 60_000))).toBe(false);
    expect(await s.tryConsume('issue', 'o/r', 2, HOUR, at(20 * 60_000))).toBe(true); // other kind
    expect(await s.tryConsume('pr', 'o/x', 2, HOUR, at(20 * 60_000))).toBe(true); // other repo
    s = await restart(s);
    expect(await s.countUses('pr', 'o/r', HOUR, at(30 * 60_000))).toBe(2);
    expect(await s.tryConsume('pr', 'o/r', 2, HOUR, at(59 * 60_000))).toBe(false);
    // The first use leaves the window at T0 + 1h: one slot frees up.
    expect(await s.tryConsume('pr', 'o/r', 2, HOUR, at(HOUR))).toBe(true);
    expect(await s.tryConsume('pr', 'o/r', 2, HOUR, at(HOUR + 1))).toBe(false);
    expect(await s.countUses('pr', 'o/r', HOUR, at(3 * HOUR))).toBe(0);
  });

  it('keeps uses for the largest window asked about, and trims the rest', async () => {
    const s = await openStore();
    await s.tryConsume('pr', 'o/r', 10, DAY, at(0));
    await s.tryConsume('pr', 'o/r', 10, HOUR, at(2 * HOUR));
    expect(await s.countUses('pr', 'o/r', HOUR, at(2 * HOUR))).toBe(1);
    expect(await s.countUses('pr', 'o/r', DAY, at(2 * HOUR))).toBe(2);
    await s.tryConsume('pr', 'o/r', 10, HOUR, at(DAY + HOUR));
    const disk = JSON.parse(await readFile(file, 'utf8'));
    expect(disk.counters['pr:o/r'].uses).toHaveLength(2); // the use at T0 fell out of the 1-day window
  });
});

describe('audit', () => {
  it('appends, filters, and keeps only the newest entries', async () => {
    const s = await openStore({ retainAuditEntries: 3 });
    for (let i = 1; i <= 5; i++) {
      await s.audit({ at: at(i).toISOString(), repo: i % 2 ? 'o/a' : 'o/b', action: i === 5 ? 'pr.skipped' : 'issue.created', reason: `r${i}`, runId: i });
    }
    expect((await s.listAudit()).map((e) => e.reason)).toEqual(['r3', 'r4', 'r5']);
    expect((await s.listAudit({ repo: 'o/a' })).map((e) => e.reason)).toEqual(['r3', 'r5']);
    expect((await s.listAudit({ runId: 4 })).map((e) => e.reason)).toEqual(['r4']);
    expect((await s.listAudit({ repo: 'o/a', action: 'issue.created' })).map((e) => e.reason)).toEqual(['r3']);
    expect(await (await restart(s, { retainAuditEntries: 3 })).listAudit()).toHaveLength(3);
  });
});

describe('jobs', () => {
  it('dedupes enqueue by key and normalizes the payload to JSON', async () => {
    const s = await openStore();
    expect(await s.enqueue({ kind: 'analyze', key: 'run:1', payload: { runId: 1, skip: undefined } })).toBe(true);
    expect(await s.enqueue({ kind: 'analyze', key: 'run:1', payload: { runId: 2 } })).toBe(false);
    const jobs = await s.listJobs();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ id: 1, kind: 'analyze', key: 'run:1', payload: { runId: 1 }, status: 'queued', attempts: 0 });
    expect(jobs[0]).not.toHaveProperty('createdAt'); // bookkeeping stays inside the adapter
    await expect(s.enqueue({ kind: 'x', key: 'big', payload: { n: 1n } })).rejects.toThrow(/BigInt/);
  });

  it('claims the oldest due job, completes, fails, and retries after the backoff', async () => {
    const s = await openStore();
    await s.enqueue({ kind: 'a', key: 'k1', payload: 1, runAfter: at(0) });
    await s.enqueue({ kind: 'a', key: 'k2', payload: 2, runAfter: at(-1000) });
    await s.enqueue({ kind: 'a', key: 'later', payload: 3, runAfter: at(HOUR) });
    const first = await s.claimJob('w1', at(0), 60_000);
    expect(first).toMatchObject({ key: 'k2', status: 'running', attempts: 1, lockedBy: 'w1', lockedUntil: at(60_000).toISOString() });
    const second = await s.claimJob('w1', at(0), 60_000);
    expect(second?.key).toBe('k1');
    expect(await s.claimJob('w1', at(0), 60_000)).toBeNull(); // "later" is not due
    await s.completeJob(first!.id, 'someone-else'); // not the lease holder: ignored
    expect((await s.listJobs('running')).map((j) => j.key)).toEqual(['k1', 'k2']); // id order
    await s.completeJob(first!.id, 'w1');
    expect((await s.listJobs('done')).map((j) => j.key)).toEqual(['k2']);
    await s.failJob(second!.id, 'w1', 'boom', at(5000));
    expect((await s.listJobs('queued')).find((j) => j.key === 'k1')).toMatchObject({ lastError: 'boom', lockedBy: null, runAfter: at(5000).toISOString() });
    expect(await s.claimJob('w1', at(4999), 60_000)).toBeNull();
    const retry = await s.claimJob('w1', at(5000), 60_000);
    expect(retry).toMatchObject({ key: 'k1', attempts: 2 });
    await s.failJob(retry!.id, 'w1', 'boom again', null);
    expect(await s.listJobs('failed')).toMatchObject([{ key: 'k1', attempts: 2, lastError: 'boom again' }]);
    expect(await s.enqueue({ kind: 'a', key: 'k1', payload: 1 })).toBe(false); // failed jobs still dedupe
  });

  it('re-claims a job whose lease expired (its worker crashed)', async () => {
    const s = await openStore();
    await s.enqueue({ kind: 'a', key: 'k', payload: null, runAfter: at(0) });
    await s.claimJob('crashed', at(0), 1000);
    const again = await restart(s);
    expect(await again.claimJob('w2', at(999), 1000)).toBeNull();
    const job = await again.claimJob('w2', at(1000), 1000);
    expect(job).toMatchObject({ key: 'k', attempts: 2, lockedBy: 'w2' });
    await again.completeJob(job!.id, 'crashed'); // the old holder comes back too late
    expect((await again.listJobs())[0]?.status).toBe('running');
  });

  it('drops done jobs after the retention, which frees their key', async () => {
    let t = 0;
    const s = await openStore({ retainJobsMs: HOUR, now: () => at(t) });
    await s.enqueue({ kind: 'a', key: 'k', payload: null });
    const job = await s.claimJob('w', at(0), 1000);
    await s.completeJob(job!.id, 'w');
    t = HOUR + 1;
    expect(await s.claimJob('w', at(t), 1000)).toBeNull();
    expect(await s.listJobs()).toEqual([]);
    expect(await s.enqueue({ kind: 'a', key: 'k', payload: null })).toBe(true);
    expect((await s.listJobs())[0]?.id).toBe(2); // ids are never reused
  });
});

describe('the file', () => {
  it('keeps everything across close and reopen, written as compact JSON', async () => {
    const s = await openStore();
    await s.claimDelivery('d', 'push', at(0));
    await s.putFailure(failure);
    await s.putAction({ key: 'a', kind: 'issue', ref: { id: 1 }, at: at(0).toISOString() });
    await s.tryConsume('issue', 'o/r', 5, HOUR, at(0));
    await s.audit({ at: at(0).toISOString(), repo: 'o/r', action: 'issue.created', reason: 'new failure' });
    await s.enqueue({ kind: 'a', key: 'q', payload: { x: [1, 2] }, runAfter: at(0) });
    await s.close();
    await expect(s.getAction('a')).rejects.toThrow(/closed/);
    const text = await readFile(file, 'utf8');
    expect(text).not.toMatch(/\n/);
    const again = await openStore();
    expect(await again.claimDelivery('d', 'push', at(1))).toBe(false);
    expect(await again.getFailure('o/r', 'fp1')).toEqual(failure);
    expect(await again.getAction('a')).toMatchObject({ ref: { id: 1 } });
    expect(await again.countUses('issue', 'o/r', HOUR, at(1))).toBe(1);
    expect(await again.listAudit()).toHaveLength(1);
    expect(await again.claimJob('w', at(1), 1000)).toMatchObject({ key: 'q', payload: { x: [1, 2] } });
    expect(await again.enqueue({ kind: 'a', key: 'q2', payload: null })).toBe(true);
    expect((await again.listJobs()).map((j) => j.id)).toEqual([1, 2]);
  });

  it('refuses a corrupt file with an error naming it, and leaves the file alone', async () => {
    await writeFile(file, '{"version":1,"deliveries":{"d":');
    const err = (await openLowdbStore({ file }).catch((e: unknown) => e)) as StoreFileError;
    expect(err).toBeInstanceOf(StoreFileError);
    expect(err.file).toBe(file);
    expect(err.message).toMatch(new RegExp(`^Store file ${file} is corrupt \\(31 bytes\\): invalid JSON .*onCorrupt: 'reset'`));
    expect(await readFile(file, 'utf8')).toBe('{"version":1,"deliveries":{"d":');
  });

  it.each([
    ['[1,2]', /expected a JSON object, found an array/],
    ['{"version":1,"jobs":{}}', /"jobs" should be an array/],
    ['{"name":"autofix-bot"}', /no "version" field.*not an autofix-bot store/],
    ['{"version":99}', /newer autofix-bot \(format 99/],
  ])('explains what is wrong with %s', async (content, problem) => {
    await writeFile(file, content);
    await expect(openLowdbStore({ file })).rejects.toThrow(problem);
    await expect(openLowdbStore({ file })).rejects.toThrow(file);
  });

  it("moves a corrupt file aside with onCorrupt: 'reset'", async () => {
    await writeFile(file, 'not json');
    const warnings: unknown[] = [];
    const s = await openStore({ onCorrupt: 'reset', logger: { warn: (obj) => warnings.push(obj) } });
    expect(await s.claimDelivery('d', 'push', at(0))).toBe(true);
    const aside = (await readdir(dir)).filter((f) => f.startsWith('state.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(await readFile(join(dir, aside[0]!), 'utf8')).toBe('not json');
    expect(warnings).toHaveLength(1);
  });

  it('never resets over a file from a newer version, even when asked to', async () => {
    await writeFile(file, '{"version":2}');
    await expect(openLowdbStore({ file, onCorrupt: 'reset' })).rejects.toThrow(/newer/);
    expect(await readFile(file, 'utf8')).toBe('{"version":2}');
  });

  it('starts empty on a missing or blank file, creating directories', async () => {
    await writeFile(file, '\n');
    expect(await (await openStore()).listJobs()).toEqual([]);
    file = join(dir, 'nested', 'deeper', 'state.json');
    await openStore();
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ version: 1 });
  });

  it('rolls a claim back when its write fails, so no caller is told "already claimed"', async () => {
    file = join(dir, 'sub', 'state.json');
    const s = await openStore();
    await rm(join(dir, 'sub'), { recursive: true });
    await writeFile(join(dir, 'sub'), 'a file where the directory was'); // every write now fails
    const results = await Promise.allSettled([s.claimDelivery('d', 'push', at(0)), s.claimDelivery('d', 'push', at(0))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toContain(`Cannot write store file ${file}`);
    await rm(join(dir, 'sub'));
    await mkdir(join(dir, 'sub'));
    expect(await s.claimDelivery('d', 'push', at(0))).toBe(true);
  });

  it('works in memory with file: null', async () => {
    const s = await openStore({ file: null });
    expect([await s.claimDelivery('d', 'push', at(0)), await s.claimDelivery('d', 'push', at(0))]).toEqual([true, false]);
  });
});

describe('Persister', () => {
  it('batches concurrent writes into one per write in flight', async () => {
    let writes = 0;
    const p = new Persister(() => new Promise((r) => setTimeout(() => r(void writes++), 5)));
    await Promise.all(Array.from({ length: 50 }, () => p.persist()));
    expect(writes).toBe(1);
    const late = [p.persist()];
    await new Promise((r) => setTimeout(r, 1)); // that write is now in flight: the next two share one
    await Promise.all([...late, p.persist(), p.persist()]);
    expect(writes).toBe(3);
  });

  it('undoes the mutations of a failed write and rejects their callers', async () => {
    const undone: string[] = [];
    const p = new Persister(() => Promise.reject(new Error('disk full')));
    const a = p.persist(() => undone.push('a'));
    const b = p.persist(() => undone.push('b'));
    await Promise.all([expect(a).rejects.toThrow('disk full'), expect(b).rejects.toThrow('disk full')]);
    expect(undone).toEqual(['b', 'a']);
    expect((await p.settled(), p.busy)).toBe(false);
  });
});
