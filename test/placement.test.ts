// Acting where a failure belongs: pull request runs get one diagnosis comment, forks get
// nothing written, the default branch gets the full flow.
import { afterEach, describe, expect, it } from 'vitest';
import { DEP, FULL, Harness, PERM } from './helpers/harness.js';


let h: Harness;
afterEach(async () => {
  expect(h.fake.violations).toEqual([]);
  await h.stop();
});

function openPr(number: number) {
  const pr = h.fake.addIssue(FULL, { title: 'Add a feature', pull: { headRef: 'feature/x' } });
  expect(pr.number).toBe(number);
  return { number, headRef: 'feature/x', headSha: 'f'.repeat(40) };
}

describe('pull request runs', () => {
  it('get one comment, edited in place on a re-run and on a second failing job, and no issue', async () => {
    h = await new Harness().start();
    const pr = openPr(1);
    const base = { event: 'pull_request', headBranch: 'feature/x', pullRequests: [pr] };
    await h.failRun({ runId: 2000, fixture: DEP, ...base });
    let comments = h.fake.comments(FULL, 1);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('npm error 404');
    expect(comments[0]!.body).toContain('<!-- autofix:pr-diagnosis -->');

    await h.failRun({ runId: 2000, runAttempt: 2, fixture: DEP, ...base });
    await h.failRun({ runId: 2001, fixture: PERM, workflowName: 'Lint', workflowPath: '.github/workflows/lint.yml', jobName: 'shellcheck', ...base });
    comments = h.fake.comments(FULL, 1);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('2 failed jobs');
    expect(comments[0]!.body).toContain('Permission denied');
    expect(h.fake.issues(FULL)).toHaveLength(0);
    expect(h.fake.pulls(FULL)).toHaveLength(1);
    expect(await h.store.listAudit({ action: 'pr_comment.updated' })).toHaveLength(2);
  });

  it('clear their section when the workflow passes on a re-run', async () => {
    h = await new Harness().start();
    const pr = openPr(1);
    const base = { event: 'pull_request', headBranch: 'feature/x', pullRequests: [pr] };
    await h.failRun({ runId: 2050, fixture: DEP, ...base });
    await h.failRun({ runId: 2050, runAttempt: 2, fixture: DEP, conclusion: 'success', ...base });
    const comments = h.fake.comments(FULL, 1);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('have passed since');
    expect(comments[0]!.body).not.toContain('npm error 404');
  });

  it('that pass without an earlier diagnosis get no comment', async () => {
    h = await new Harness().start();
    const pr = openPr(1);
    await h.failRun({ runId: 2060, fixture: DEP, event: 'pull_request', headBranch: 'feature/x', pullRequests: [pr], conclusion: 'success' });
    expect(h.writes()).toEqual([]);
  });

  it('from a fork make no write call at all', async () => {
    h = await new Harness().start();
    await h.failRun({ runId: 2100, fixture: DEP, event: 'pull_request', headBranch: 'patch-1', fork: true });
    expect(h.writes()).toEqual([]);
    expect((await h.store.listAudit({ action: 'run.ignored' }))[0]!.rule).toBe('forks');
  });

  it('stay quiet when pull_requests is off, with the reason recorded', async () => {
    h = await new Harness({ pull_requests: 'off' }).start();
    const pr = openPr(1);
    await h.failRun({ runId: 2200, fixture: DEP, event: 'pull_request', headBranch: 'feature/x', pullRequests: [pr] });
    expect(h.writes()).toEqual([]);
    expect((await h.store.listAudit({ action: 'run.ignored' }))[0]!.rule).toBe('pull_requests');
  });
});

describe('categories from real failures', () => {
  it('a policy_check failure on the default branch opens nothing, and says why', async () => {
    h = await new Harness().start();
    await h.failRun({ runId: 2500, fixture: 'policy-changelog-not-updated' });
    expect(h.writes()).toEqual([]);
    const why = await h.store.listAudit({ runId: 2500 });
    expect(why.find((a) => a.action === 'issue.none')?.rule).toBe('categories.policy_check.issue');
    expect(why.find((a) => a.action === 'job.analyzed')?.reason).toContain('CHANGELOG.md was not updated');
  });

  it('a workflow_error failure opens a draft PR naming the workflow file', async () => {
    h = await new Harness().start();
    await h.failRun({ runId: 2600, fixture: 'workflow-upload-artifact-no-files' });
    const [pr] = h.fake.pulls(FULL);
    expect(pr?.pull?.draft).toBe(true);
    expect(pr!.title).toContain('CI');
    expect(pr!.body).toContain('.github/workflows/ci.yml');
    expect(pr!.pull!.headRef).toMatch(/^autofix\/ci\/workflow_error-/);
  });
});

describe('branches', () => {
  it('ignore pushes to other branches, act on listed ones', async () => {
    h = await new Harness({ branches: ['release/*'], categories: { dependency_error: { auto_pr: false } } }).start();
    await h.failRun({ runId: 2300, fixture: DEP, headBranch: 'feature/y' });
    expect(h.writes()).toEqual([]);
    await h.failRun({ runId: 2301, fixture: DEP, headBranch: 'release/1.2' });
    expect(h.fake.issues(FULL)).toHaveLength(1);
  });

  it("ignore Dependabot's own runs", async () => {
    h = await new Harness().start();
    await h.failRun({ runId: 2400, fixture: DEP, headBranch: 'dependabot/npm_and_yarn/left-pad-1.3.0', event: 'pull_request', actorLogin: 'dependabot[bot]' });
    expect(h.writes()).toEqual([]);
  });
});
