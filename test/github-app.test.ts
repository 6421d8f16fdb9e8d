import { afterEach, describe, expect, it } from 'vitest';
import { DEP, FULL, Harness, PERM, WORKFLOW, fixtureLog } from './helpers/harness.js';
import { deliver } from './helpers/github-payloads.js';


let h: Harness;
afterEach(async () => {
  expect(h.fake.violations).toEqual([]);
  await h.stop();
});

describe('receiving webhooks', () => {
  it('rejects a bad or missing signature and answers 400 with the reason for a malformed payload', async () => {
    h = await new Harness().start();
    const payload = h.seedRun({ runId: 100, fixture: DEP });
    const bad = await deliver(`${h.server.url}/api/github/webhooks`, { event: 'workflow_run', id: 'd-1', payload, secret: 'wrong-secret' });
    expect(bad.status).toBe(401);
    const noSig = await fetch(`${h.server.url}/api/github/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-github-event': 'workflow_run', 'x-github-delivery': 'd-2' }, body: '{}' });
    expect(noSig.status).toBe(401);
    const malformed = await h.deliver({ action: 'completed', repository: { full_name: FULL } });
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toMatch(/workflow_run/);
    expect((await fetch(`${h.server.url}/healthz`)).status).toBe(200);
    expect(h.writes()).toEqual([]);
  });
});

describe('a failed run on the default branch', () => {
  it('ends as one issue and one draft PR with branch, body, labels and a Copilot mention', async () => {
    h = await new Harness().start();
    const res = await h.failRun({ runId: 101, fixture: DEP });
    expect(res.status).toBe(202);
    const issues = h.fake.issues(FULL);
    expect(issues).toHaveLength(1);
    const issue = issues[0]!;
    expect(issue.title).toMatch(/^Fix: CI - Dependency Error/);
    expect(issue.body).toContain('<!-- autofix:fingerprint=');
    expect(issue.labels).toEqual(expect.arrayContaining(['autofix', 'ci-failure', 'ci:dependency_error']));
    const pulls = h.fake.pulls(FULL);
    expect(pulls).toHaveLength(1);
    const pr = pulls[0]!;
    expect(pr.pull!.draft).toBe(true);
    expect(pr.pull!.headRef).toMatch(/^autofix\/ci\/dependency_error-[0-9a-f]{10}$/);
    expect(pr.body).toContain(`Fixes #${issue.number}`);
    expect(pr.body).toContain('actions/runs/101');
    const comments = h.fake.comments(FULL, pr.number);
    expect(comments.some((c) => (c.body ?? '').startsWith('@copilot'))).toBe(true);
    const audit = await h.store.listAudit({ runId: 101 });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['run.queued', 'job.analyzed', 'issue.create', 'issue.opened', 'pr.create', 'pr.created', 'copilot.mentioned']));
  });

  it("commits the mechanical workflow edit in the draft PR, comments kept, no placeholder file", async () => {
    h = await new Harness().start();
    await h.failRun({ runId: 150, fixture: 'job-timeout-e2e-server-hang' });
    const [pr] = h.fake.pulls(FULL);
    expect(pr).toBeDefined();
    const edited = h.fake.readFile(FULL, pr!.pull!.headRef, '.github/workflows/ci.yml')!;
    expect(edited).toContain('timeout-minutes: 20 # keep CI fast');
    expect(edited).toContain('# CI for widgets');
    expect(edited.replace('timeout-minutes: 20', 'timeout-minutes: 10')).toBe(WORKFLOW);
    expect(h.fake.readFile(FULL, pr!.pull!.headRef, '.github/autofix-placeholder.md')).toBeUndefined();
  });

  it('keeps one issue through 10 redeliveries and 50 more runs of the same failure, with the right count', async () => {
    h = await new Harness().start();
    const payload = h.seedRun({ runId: 200, fixture: DEP });
    for (let i = 0; i < 10; i++) await h.deliver(payload, 'same-delivery-id');
    await h.server.worker.drain();
    for (let r = 1; r <= 50; r++) await h.failRun({ runId: 200 + r, fixture: DEP });
    const issues = h.fake.issues(FULL);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.body).toContain('**Occurrences:** 51');
    expect(h.fake.pulls(FULL)).toHaveLength(1);
    // Repeats update the body; they do not comment on the issue.
    expect(h.fake.comments(FULL, issues[0]!.number)).toHaveLength(0);
  });

  it('opens issues only for issue-only categories', async () => {
    h = await new Harness().start();
    await h.failRun({ runId: 300, fixture: PERM });
    expect(h.fake.issues(FULL)).toHaveLength(1);
    expect(h.fake.pulls(FULL)).toHaveLength(0);
    const audit = await h.store.listAudit({ runId: 300, action: 'pr.none' });
    expect(audit[0]!.rule).toBe('categories.permission_error.auto_pr');
  });

  it('gates PRs on confidence', async () => {
    h = await new Harness({ min_confidence: 99 }).start();
    await h.failRun({ runId: 310, fixture: DEP });
    expect(h.fake.pulls(FULL)).toHaveLength(0);
    expect((await h.store.listAudit({ action: 'pr.none' }))[0]!.rule).toBe('min_confidence');
  });

  it('opens a new issue linking the old one when a fixed failure comes back, and stays quiet after "not planned"', async () => {
    h = await new Harness({ categories: { dependency_error: { auto_pr: false } } }).start();
    await h.failRun({ runId: 400, fixture: DEP });
    const first = h.fake.issues(FULL)[0]!;
    first.state = 'closed';
    first.stateReason = 'completed';
    await h.failRun({ runId: 401, fixture: DEP });
    const issues = h.fake.issues(FULL);
    expect(issues).toHaveLength(2);
    expect(issues[1]!.body).toContain(`#${first.number}`);
    issues[1]!.state = 'closed';
    issues[1]!.stateReason = 'not_planned';
    await h.failRun({ runId: 402, fixture: DEP });
    expect(h.fake.issues(FULL)).toHaveLength(2);
  });

  it('heals a crash between "issue created" and "recorded" by finding the marker', async () => {
    h = await new Harness({ categories: { dependency_error: { auto_pr: false } } }).start();
    await h.failRun({ runId: 500, fixture: DEP });
    const issue = h.fake.issues(FULL)[0]!;
    // Lose the store: as if the process died right after GitHub created the issue.
    await h.server.close();
    const { rmSync } = await import('node:fs');
    rmSync(h.storeFile);
    await h.boot();
    await h.failRun({ runId: 501, fixture: DEP });
    expect(h.fake.issues(FULL)).toHaveLength(1);
    expect(h.fake.issues(FULL)[0]!.number).toBe(issue.number);
  });

  it('marks a failure flaky when a later attempt succeeded: issue, no PR', async () => {
    h = await new Harness().start();
    const payload = h.seedRun({ runId: 600, fixture: DEP, runAttempt: 1 });
    h.fake.addWorkflowRun({ repo: FULL, id: 600, name: 'CI', head_branch: 'main', head_sha: h.headSha(), event: 'push', status: 'completed', conclusion: 'success', run_attempt: 2, path: '.github/workflows/ci.yml', jobs: [{ id: 6009, name: 'build', conclusion: 'success', log: 'ok\n' }] } as never);
    await h.deliver(payload);
    await h.server.worker.drain();
    expect(h.fake.pulls(FULL)).toHaveLength(0);
    expect((await h.store.listAudit({ action: 'pr.none' }))[0]!.rule).toBe('flaky');
  });

  it('retries a 5xx from GitHub without creating duplicates', async () => {
    h = await new Harness({ categories: { dependency_error: { auto_pr: false } } }).start();
    h.fake.failNext({ route: 'POST /repos/{owner}/{repo}/issues', status: 502, times: 1 });
    await h.failRun({ runId: 700, fixture: DEP });
    expect(h.fake.issues(FULL)).toHaveLength(1);
    expect(h.fake.requestsTo('issues/create').map((r) => r.status)).toEqual([502, 201]);
  });
});

describe('the last green run as a baseline', () => {
  it('downloads the green log of the same job once and reuses it', async () => {
    h = await new Harness().start();
    h.fake.addWorkflowRun({ repo: FULL, id: 50, name: 'CI', head_branch: 'main', head_sha: h.headSha(), event: 'push', status: 'completed', conclusion: 'success', path: '.github/workflows/ci.yml',
      jobs: [{ id: 501, name: 'build', conclusion: 'success', log: fixtureLog('tsc-ts2322-type-mismatch', 'last-success.txt') }] } as never);
    await h.failRun({ runId: 1100, fixture: 'tsc-ts2322-type-mismatch' });
    await h.failRun({ runId: 1101, fixture: 'tsc-ts2322-type-mismatch' });
    const downloads = h.fake.requestsTo('actions/download-job-logs-for-workflow-run').map((r) => r.path);
    expect(downloads.filter((p) => p.includes('/jobs/501/'))).toHaveLength(1);
    expect(downloads).toHaveLength(3);
  });
});

describe('GitHub pushing back', () => {
  it('waits out a secondary rate limit and creates the issue once', async () => {
    h = await new Harness({ categories: { dependency_error: { auto_pr: false } } }).start();
    h.fake.failNext({ route: 'POST /repos/{owner}/{repo}/issues', status: 403, times: 1, headers: { 'retry-after': '1' }, message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' });
    await h.failRun({ runId: 710, fixture: DEP });
    expect(h.fake.issues(FULL)).toHaveLength(1);
    expect(h.fake.requestsTo('issues/create').map((r) => r.status)).toEqual([403, 201]);
  });

  it('retries the whole job from the queue when GitHub keeps failing, without duplicates', async () => {
    h = await new Harness({ categories: { dependency_error: { auto_pr: false } } }).start();
    // More 5xx than the client absorbs (one try, a marker check, then the retry plugin's four
    // tries): the queue job fails, then succeeds on its next attempt.
    h.fake.failNext({ route: 'POST /repos/{owner}/{repo}/issues', status: 500, times: 5 });
    await h.deliver(h.seedRun({ runId: 720, fixture: DEP }));
    await h.server.worker.drain();
    expect(h.fake.issues(FULL)).toHaveLength(0);
    const [job] = await h.store.listJobs('queued');
    expect(job?.attempts).toBe(1);
    expect(job?.lastError).toMatch(/Server Error/);
    // The next attempt (after the worker's backoff) goes through: one issue, not two.
    await new Promise((r) => setTimeout(r, Date.parse(job!.runAfter) - Date.now() + 100));
    h.server.worker.kick();
    await h.server.worker.drain();
    expect(h.fake.issues(FULL)).toHaveLength(1);
    expect(await h.store.listJobs('queued')).toHaveLength(0);
  });
});

describe('GitHub failing after the write', () => {
  it('finds the issue a 502 hid instead of creating a second one', async () => {
    h = await new Harness({ categories: { dependency_error: { auto_pr: false } } }).start();
    h.fake.failNext({ route: 'POST /repos/{owner}/{repo}/issues', status: 502, times: 1, afterHandler: true });
    await h.failRun({ runId: 730, fixture: DEP });
    expect(h.fake.issues(FULL)).toHaveLength(1);
    expect(await h.store.getFailure(FULL, h.fake.issues(FULL)[0]!.body!.match(/fingerprint=(\w+)/)![1]!)).toMatchObject({ issueNumber: h.fake.issues(FULL)[0]!.number });
  });
});

describe('rate limits', () => {
  it('defers issues over the hourly limit, and the window survives a restart', async () => {
    const config = { rate_limits: { max_issues_per_hour: 1, max_prs_per_hour: 10 }, categories: { dependency_error: { auto_pr: false } } };
    h = await new Harness(config).start();
    await h.failRun({ runId: 800, fixture: DEP });
    await h.failRun({ runId: 801, fixture: PERM });
    expect(h.fake.issues(FULL)).toHaveLength(1);
    expect(await h.store.listAudit({ action: 'issue.defer' })).toHaveLength(1);
    await h.restart(config);
    await h.failRun({ runId: 802, fixture: PERM });
    expect(h.fake.issues(FULL)).toHaveLength(1);
    expect(await h.store.listAudit({ action: 'issue.defer' })).toHaveLength(2);
    const deferred = (await h.store.listJobs('queued')).filter((j) => j.key.startsWith('deferred:'));
    expect(deferred.length).toBeGreaterThan(0);
  });
});

describe('what the bot never acts on', () => {
  it('ignores excluded workflows and its own branches without a write', async () => {
    h = await new Harness().start();
    await h.failRun({ runId: 900, fixture: DEP, workflowName: 'Autofix Healer' });
    await h.failRun({ runId: 901, fixture: DEP, headBranch: 'autofix/ci/dependency_error-abc' });
    expect(h.writes()).toEqual([]);
    const ignored = await h.store.listAudit({ action: 'run.ignored' });
    expect(ignored.map((a) => a.rule)).toEqual(['excluded_workflows', 'branch_prefix']);
  });
});

describe('Copilot hand-off', () => {
  it('assigns the issue to the Copilot coding agent with a user token', async () => {
    h = await new Harness({ copilot: { mode: 'assign' } }, { copilotUserToken: 'github_pat_' + 'x'.repeat(40) }).start();
    await h.failRun({ runId: 1000, fixture: DEP });
    expect(h.fake.agentAssignments).toHaveLength(1);
    expect(h.fake.agentAssignments[0]).toMatchObject({ agentAssignment: { target_repo: FULL, base_branch: 'main' } });
  });

  it('finishes a failed hand-off on the next attempt of the job, once', async () => {
    h = await new Harness().start();
    h.fake.failNext({ route: 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments', status: 500, times: 4 });
    await h.deliver(h.seedRun({ runId: 1002, fixture: DEP }));
    await h.server.worker.drain();
    const [job] = await h.store.listJobs('queued');
    await new Promise((r) => setTimeout(r, Date.parse(job!.runAfter) - Date.now() + 100));
    h.server.worker.kick();
    await h.server.worker.drain();
    const pr = h.fake.pulls(FULL)[0]!;
    expect(h.fake.pulls(FULL)).toHaveLength(1);
    expect(h.fake.comments(FULL, pr.number).filter((c) => (c.body ?? '').startsWith('@copilot'))).toHaveLength(1);
  });

  it('falls back to a mention when no user token is configured', async () => {
    h = await new Harness({ copilot: { mode: 'assign' } }).start();
    await h.failRun({ runId: 1001, fixture: DEP });
    expect(h.fake.agentAssignments).toHaveLength(0);
    const pr = h.fake.pulls(FULL)[0]!;
    expect(h.fake.comments(FULL, pr.number).some((c) => (c.body ?? '').startsWith('@copilot'))).toBe(true);
    expect(await h.store.listAudit({ action: 'copilot.fallback' })).toHaveLength(1);
  });
});
