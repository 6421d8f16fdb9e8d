// Proves the fake GitHub is strict (rejects what GitHub rejects, and records it), stateful and
// reachable by the real Octokit stack the product uses.
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App } from '@octokit/app';
import { Octokit } from '@octokit/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { createNodeMiddleware, Webhooks } from '@octokit/webhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from '../src/dev/fake-github/index.js';
import { deliver, issueComment, sign, workflowRunFailure } from './helpers/github-payloads.js';

const APP_ID = 4242;
const owner = 'acme';
const repo = 'widgets';
const R = `${owner}/${repo}`;
const USER_TOKEN = 'github_pat_fake_user_token_0001';

const keys = () =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
const { publicKey, privateKey } = keys();

let fake: FakeGitHub;
let baseUrl: string;
let app: App;
let gh: Octokit;

beforeAll(async () => {
  fake = new FakeGitHub({ appId: APP_ID, appPublicKey: publicKey, userTokens: [USER_TOKEN], logTtlMs: 300 });
  baseUrl = await fake.start();
  fake.addRepo({ owner, name: repo, files: { 'README.md': '# widgets\n', 'src/index.ts': 'export const x = 1;\n' } });
  app = new App({ appId: APP_ID, privateKey, Octokit: Octokit.defaults({ baseUrl }) });
  gh = await app.getInstallationOctokit(1);
});

afterAll(async () => {
  await fake.stop();
});

// Every test must leave no unexpected violation behind; tests that provoke one take it first.
afterEach(() => {
  expect(fake.violations).toEqual([]);
});

describe('auth', () => {
  it('exchanges the app JWT for an installation token and uses it', async () => {
    const { data } = await gh.request('GET /repos/{owner}/{repo}', { owner, repo });
    expect(data).toMatchObject({ full_name: R, default_branch: 'main', private: false });
    const exchanges = fake.requestsTo('POST /app/installations/{installation_id}/access_tokens');
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]).toMatchObject({ status: 201, auth: 'app' });
    expect(fake.requestsTo('repos/get').at(-1)).toMatchObject({ status: 200, auth: 'installation' });
    expect([...fake.issuedTokens.keys()][0]).toMatch(/^ghs_/);
  });

  it('rejects a JWT signed with another key, and anonymous repo calls', async () => {
    const other = new App({ appId: APP_ID, privateKey: keys().privateKey, Octokit: Octokit.defaults({ baseUrl }) });
    const bad = await other.getInstallationOctokit(1).catch((e: unknown) => e);
    const status = bad instanceof Error ? (bad as { status?: number }).status : undefined;
    if (status === undefined) await expect((bad as Octokit).request('GET /repos/{owner}/{repo}', { owner, repo })).rejects.toMatchObject({ status: 401 });
    else expect(status).toBe(401);
    await expect(new (Octokit.defaults({ baseUrl }))().request('GET /repos/{owner}/{repo}', { owner, repo })).rejects.toMatchObject({ status: 401 });
    const reasons = fake.takeViolations().map((v) => v.reason);
    expect(reasons.some((r) => /signature mismatch/.test(r))).toBe(true);
    expect(reasons).toContain('Requires authentication');
  });
});

describe('OpenAPI strictness', () => {
  it('rejects an issue without title as GitHub would, and records it', async () => {
    const params = { owner, repo, body: 'no title' } as unknown as { owner: string; repo: string; title: string };
    await expect(gh.request('POST /repos/{owner}/{repo}/issues', params)).rejects.toMatchObject({ status: 422 });
    const [v] = fake.takeViolations();
    expect(v).toMatchObject({ method: 'POST', url: `/repos/${R}/issues`, operationId: 'issues/create' });
    expect(v?.reason).toMatch(/"title" wasn't supplied/);
    expect(fake.issues(R)).toHaveLength(0);
  });

  it('rejects unknown routes, bad path params, wrong body types and GraphQL', async () => {
    await expect(gh.request('GET /repos/{owner}/{repo}/no-such-thing', { owner, repo })).rejects.toMatchObject({ status: 404 });
    await expect(gh.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}', { owner, repo, run_id: 'abc' as unknown as number })).rejects.toMatchObject({ status: 404 });
    await expect(gh.request('POST /repos/{owner}/{repo}/labels', { owner, repo, name: 7 as unknown as string })).rejects.toMatchObject({ status: 422 });
    await expect(gh.request('POST /graphql', { query: '{ viewer { login } }' })).rejects.toMatchObject({ status: 404 });
    const reasons = fake.takeViolations().map((v) => v.reason);
    expect(reasons).toHaveLength(4);
    expect(reasons[0]).toMatch(/not an operation in GitHub's OpenAPI/);
    expect(reasons[1]).toMatch(/run_id must be integer/);
    expect(reasons[2]).toMatch(/name must be string/);
    expect(reasons[3]).toMatch(/GraphQL/);
  });

  it('flags body fields GitHub would silently ignore', async () => {
    const params = { owner, repo, title: 'typo', lables: ['x'] } as unknown as { owner: string; repo: string; title: string };
    await gh.request('POST /repos/{owner}/{repo}/issues', params);
    expect(fake.takeViolations()[0]?.reason).toMatch(/unknown body field\(s\) lables/);
  });
});

describe('issues, labels, comments', () => {
  it('creates, lists, paginates, updates issues', async () => {
    await gh.request('POST /repos/{owner}/{repo}/labels', { owner, repo, name: 'autofix', color: 'd73a4a' });
    await expect(gh.request('POST /repos/{owner}/{repo}/labels', { owner, repo, name: 'AutoFix' })).rejects.toMatchObject({
      status: 422,
      response: { data: { errors: [{ code: 'already_exists' }] } },
    });
    const created = [];
    for (const n of [1, 2, 3]) {
      const { data } = await gh.request('POST /repos/{owner}/{repo}/issues', { owner, repo, title: `CI failed ${n}`, body: `b${n}`, labels: ['autofix', 'ci'] });
      created.push(data);
    }
    expect(created[0]).toMatchObject({ title: 'CI failed 1', state: 'open', user: { login: 'autofix-bot[bot]', type: 'Bot' } });
    expect(created[0]!.labels.map((l) => (typeof l === 'string' ? l : l.name))).toEqual(['autofix', 'ci']);
    expect(created[0]!.html_url).toBe(`https://github.com/${R}/issues/${created[0]!.number}`);

    const page1 = await gh.request('GET /repos/{owner}/{repo}/issues', { owner, repo, labels: 'autofix,ci', per_page: 2 });
    expect(page1.data.map((i) => i.title)).toEqual(['CI failed 3', 'CI failed 2']);
    expect(page1.headers.link).toMatch(/page=2>; rel="next"/);
    const page2 = await gh.request('GET /repos/{owner}/{repo}/issues', { owner, repo, labels: 'autofix,ci', per_page: 2, page: 2 });
    expect(page2.data.map((i) => i.title)).toEqual(['CI failed 1']);

    const n = created[0]!.number;
    const { data: closed } = await gh.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { owner, repo, issue_number: n, state: 'closed', state_reason: 'not_planned' });
    expect(closed).toMatchObject({ state: 'closed', state_reason: 'not_planned' });
    const { data: onlyClosed } = await gh.request('GET /repos/{owner}/{repo}/issues', { owner, repo, state: 'closed' });
    expect(onlyClosed.map((i) => i.number)).toEqual([n]);
    const { data: labels } = await gh.request('GET /repos/{owner}/{repo}/labels', { owner, repo });
    expect(labels.map((l) => l.name).sort()).toEqual(['autofix', 'ci']);
  });

  it('creates, lists and updates comments and adds labels', async () => {
    const { data: issue } = await gh.request('POST /repos/{owner}/{repo}/issues', { owner, repo, title: 'comments' });
    const n = issue.number;
    const { data: c1 } = await gh.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner, repo, issue_number: n, body: 'first' });
    await gh.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner, repo, issue_number: n, body: 'second' });
    await gh.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { owner, repo, comment_id: c1.id, body: 'first, edited' });
    const { data: list } = await gh.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner, repo, issue_number: n });
    expect(list.map((c) => c.body)).toEqual(['first, edited', 'second']);
    const { data: after } = await gh.request('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', { owner, repo, issue_number: n, labels: ['needs-human'] });
    expect(after.map((l) => l.name)).toEqual(['needs-human']);
    const { data: again } = await gh.request('GET /repos/{owner}/{repo}/issues/{issue_number}', { owner, repo, issue_number: n });
    expect(again.comments).toBe(2);
  });

  it('finds an issue by the hidden marker in its body', async () => {
    const marker = '<!-- autofix:fingerprint=abc123 -->';
    const { data: issue } = await gh.request('POST /repos/{owner}/{repo}/issues', { owner, repo, title: 'Lint fails', body: `Details\n\n${marker}`, labels: ['autofix'] });
    const q = (m: string) => `repo:${R} is:issue is:open label:autofix in:body "${m}"`;
    const { data } = await gh.request('GET /search/issues', { q: q(marker) });
    expect(data.total_count).toBe(1);
    expect(data.items[0]).toMatchObject({ number: issue.number, html_url: issue.html_url });
    const miss = await gh.request('GET /search/issues', { q: q('<!-- autofix:fingerprint=zzz -->') });
    expect(miss.data.total_count).toBe(0);
    const plain = await gh.request('GET /search/issues', { q: `repo:${R} is:issue Lint` });
    expect(plain.data.items.map((i) => i.number)).toContain(issue.number);
  });

  it('records a Copilot agent_assignment made with a user token, refuses it with an installation token', async () => {
    const { data: issue } = await gh.request('POST /repos/{owner}/{repo}/issues', { owner, repo, title: 'for copilot' });
    const user = new (Octokit.defaults({ baseUrl }))({ auth: USER_TOKEN });
    const agent_assignment = { target_repo: R, base_branch: 'main', custom_instructions: 'Fix the lint error', custom_agent: '', model: '' };
    const params = { owner, repo, issue_number: issue.number, assignees: ['copilot-swe-agent[bot]'], agent_assignment };
    const { status, data } = await user.request('POST /repos/{owner}/{repo}/issues/{issue_number}/assignees', params);
    expect(status).toBe(201);
    expect(data.assignees?.map((a) => a.login)).toEqual(['copilot-swe-agent[bot]']);
    expect(fake.agentAssignments.at(-1)).toMatchObject({ repo: R, issueNumber: issue.number, tokenKind: 'user', agentAssignment: agent_assignment });

    await expect(gh.request('POST /repos/{owner}/{repo}/issues/{issue_number}/assignees', params)).rejects.toMatchObject({ status: 403 });
    const bad = { ...params, agent_assignment: { target_repo: 5, base_branch: 'main', custom_instructions: '' } };
    await expect(user.request('POST /repos/{owner}/{repo}/issues/{issue_number}/assignees', bad as never)).rejects.toMatchObject({ status: 422 });
    const reasons = fake.takeViolations().map((v) => v.reason);
    expect(reasons[0]).toMatch(/requires a user token/);
    expect(reasons[1]).toMatch(/target_repo must be a string/);
  });
});

describe('git data, contents and pull requests', () => {
  it('builds a commit on a new branch and opens a draft PR', async () => {
    const { data: ref } = await gh.request('GET /repos/{owner}/{repo}/git/ref/{ref}', { owner, repo, ref: 'heads/main' });
    const { data: base } = await gh.request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', { owner, repo, commit_sha: ref.object.sha });
    const { data: tree } = await gh.request('POST /repos/{owner}/{repo}/git/trees', {
      owner, repo, base_tree: base.tree.sha,
      tree: [{ path: 'src/index.ts', mode: '100644', type: 'blob', content: 'export const x = 2;\n' }],
    });
    const { data: commit } = await gh.request('POST /repos/{owner}/{repo}/git/commits', { owner, repo, message: 'fix: bump x', tree: tree.sha, parents: [base.sha] });
    const branch = 'autofix/ci-abc123';
    await gh.request('POST /repos/{owner}/{repo}/git/refs', { owner, repo, ref: `refs/heads/${branch}`, sha: commit.sha });
    await expect(gh.request('POST /repos/{owner}/{repo}/git/refs', { owner, repo, ref: `refs/heads/${branch}`, sha: commit.sha })).rejects.toMatchObject({
      status: 422, message: expect.stringMatching(/Reference already exists/),
    });

    const { data: file } = await gh.request('GET /repos/{owner}/{repo}/contents/{path}', { owner, repo, path: 'src/index.ts', ref: branch });
    if (Array.isArray(file) || file.type !== 'file') throw new Error('expected a file');
    expect(Buffer.from(file.content, 'base64').toString('utf8')).toBe('export const x = 2;\n');
    expect(fake.readFile(R, 'main', 'src/index.ts')).toBe('export const x = 1;\n');

    const { data: pr } = await gh.request('POST /repos/{owner}/{repo}/pulls', { owner, repo, title: 'Autofix: CI', head: branch, base: 'main', body: 'draft', draft: true });
    expect(pr).toMatchObject({ draft: true, state: 'open', head: { ref: branch, sha: commit.sha }, base: { ref: 'main' }, commits: 1, changed_files: 1 });
    await expect(gh.request('POST /repos/{owner}/{repo}/pulls', { owner, repo, title: 'again', head: branch, base: 'main' })).rejects.toMatchObject({
      status: 422, message: expect.stringMatching(/A pull request already exists/),
    });
    await expect(gh.request('POST /repos/{owner}/{repo}/pulls', { owner, repo, title: 'x', head: 'no-such-branch', base: 'main' })).rejects.toMatchObject({ status: 422 });

    const { data: listed } = await gh.request('GET /repos/{owner}/{repo}/pulls', { owner, repo, head: `${owner}:${branch}`, state: 'open' });
    expect(listed.map((p) => p.number)).toEqual([pr.number]);
    const { data: asIssue } = await gh.request('GET /repos/{owner}/{repo}/issues/{issue_number}', { owner, repo, issue_number: pr.number });
    expect(asIssue.pull_request?.html_url).toBe(pr.html_url);

    // Contents API update on the PR branch moves head.sha; a stale sha is refused.
    const put = await gh.request('PUT /repos/{owner}/{repo}/contents/{path}', {
      owner, repo, path: 'src/index.ts', branch, message: 'tweak', sha: file.sha, content: Buffer.from('export const x = 3;\n').toString('base64'),
    });
    expect(put.status).toBe(200);
    await expect(gh.request('PUT /repos/{owner}/{repo}/contents/{path}', {
      owner, repo, path: 'src/index.ts', branch, message: 'stale', sha: file.sha, content: 'eA==',
    })).rejects.toMatchObject({ status: 409 });
    const { data: pr2 } = await gh.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { owner, repo, pull_number: pr.number });
    expect(pr2.head.sha).toBe(put.data.commit.sha);
    await expect(gh.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', { owner, repo, ref: `heads/${branch}`, sha: base.sha })).rejects.toMatchObject({
      status: 422, message: expect.stringMatching(/not a fast forward/),
    });
  });
});

describe('actions', () => {
  beforeAll(() => {
    fake.addWorkflowRun({ repo: R, id: 900, conclusion: 'success', created_at: '2024-01-01T00:00:00Z', jobs: [{ name: 'test', log: 'ok' }] });
    fake.addWorkflowRun({
      repo: R, id: 901, run_attempt: 1, conclusion: 'failure',
      jobs: [{ id: 7001, name: 'test', steps: [{ name: 'Set up job' }, { name: 'Run npm test', conclusion: 'failure' }], log: '2024-01-01T00:00:00Z npm ERR! first attempt\n' }],
    });
    fake.addWorkflowRun({
      repo: R, id: 901, run_attempt: 2, conclusion: 'failure',
      jobs: [{ id: 7002, name: 'test', steps: [{ name: 'Run npm test', conclusion: 'failure' }], log: '2024-01-01T00:01:00Z Error: expected 2 to be 3\n' }],
    });
  });

  it('serves runs, attempts, jobs and the last successful run', async () => {
    const { data: run } = await gh.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}', { owner, repo, run_id: 901 });
    expect(run).toMatchObject({ id: 901, run_attempt: 2, conclusion: 'failure', path: '.github/workflows/ci.yml', head_branch: 'main' });
    const { data: first } = await gh.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}', { owner, repo, run_id: 901, attempt_number: 1 });
    expect(first.run_attempt).toBe(1);
    const latest = await gh.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs', { owner, repo, run_id: 901, filter: 'latest' });
    expect(latest.data.jobs.map((j) => j.id)).toEqual([7002]);
    const all = await gh.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs', { owner, repo, run_id: 901, filter: 'all' });
    expect(all.data.jobs.map((j) => j.id)).toEqual([7001, 7002]);
    expect(all.data.jobs[0]!.steps?.[1]).toMatchObject({ name: 'Run npm test', conclusion: 'failure', number: 2 });
    const ok = await gh.request('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', { owner, repo, workflow_id: 'ci.yml', branch: 'main', status: 'success' });
    expect(ok.data.workflow_runs.map((r) => r.id)).toEqual([900]);
  });

  it('downloads job logs through a 302 to a short-lived blob URL', async () => {
    const { data } = await gh.request('GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs', { owner, repo, job_id: 7002 });
    expect(data).toBe('2024-01-01T00:01:00Z Error: expected 2 to be 3\n');
    const manual = await gh.request('GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs', { owner, repo, job_id: 7002, request: { redirect: 'manual' } });
    expect(manual.status).toBe(302);
    const location = String(manual.headers.location);
    expect(location).toMatch(new RegExp(`^${baseUrl}/_blobs/logs/`));
    await new Promise((r) => setTimeout(r, 350));
    expect((await fetch(location)).status).toBe(410);
  });
});

describe('fault injection', () => {
  // plugin-throttling spaces writes 1-3 s apart per process (notification-triggering POSTs), so
  // write retries use plugin-retry alone and the rate-limit case uses a read.
  const client = async (withThrottling = false) => {
    const Base = withThrottling ? Octokit.plugin(retry, throttling) : Octokit.plugin(retry);
    const MyOctokit = Base.defaults({
      baseUrl: fake.url,
      retry: { retryAfterBaseValue: 1 },
      throttle: { id: `t-${Math.random()}`, onRateLimit: () => true, onSecondaryRateLimit: () => true, retryAfterBaseValue: 10 },
    });
    return new App({ appId: APP_ID, privateKey, Octokit: MyOctokit }).getInstallationOctokit(1);
  };

  it('a 500 is visible in the log and a retrying client creates the issue exactly once', async () => {
    const gh2 = await client();
    const before = fake.issues(R).length;
    fake.failNext({ route: 'POST /repos/{owner}/{repo}/issues', status: 500 });
    const { status } = await gh2.request('POST /repos/{owner}/{repo}/issues', { owner, repo, title: 'retried' });
    expect(status).toBe(201);
    const log = fake.requestsTo('POST /repos/{owner}/{repo}/issues').slice(-2);
    expect(log.map((r) => [r.status, r.injected ?? false])).toEqual([[500, true], [201, false]]);
    expect(fake.issues(R).length).toBe(before + 1);
  });

  it('a secondary rate limit (403 + retry-after: 1) is honoured by plugin-throttling', async () => {
    const gh2 = await client(true);
    fake.failNext({ route: 'issues/list-for-repo', status: 403, headers: { 'retry-after': '1' }, times: 2 });
    const { status } = await gh2.request('GET /repos/{owner}/{repo}/issues', { owner, repo });
    expect(status).toBe(200);
    expect(fake.requestsTo('issues/list-for-repo').slice(-3).map((r) => r.status)).toEqual([403, 403, 200]);
    expect(fake.pendingFaults).toBe(0);
  });

  it('a 502 after the write exposes blind retries as duplicates', async () => {
    const gh2 = await client();
    const before = fake.issues(R).length;
    fake.failNext({ route: 'POST /repos/{owner}/{repo}/issues', status: 502, afterHandler: true });
    await gh2.request('POST /repos/{owner}/{repo}/issues', { owner, repo, title: 'dup' });
    expect(fake.issues(R).filter((i) => i.title === 'dup')).toHaveLength(2);
    expect(fake.issues(R).length).toBe(before + 2);
  });
});

describe('webhook payload helpers', () => {
  let server: Server;
  let hookUrl: string;
  const secret = 'hook-secret';
  const seen: Array<{ name: string; id: string; payload: unknown }> = [];

  beforeAll(async () => {
    const webhooks = new Webhooks({ secret });
    webhooks.onAny(({ id, name, payload }) => {
      seen.push({ id, name, payload });
    });
    const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
    const mw = createNodeMiddleware(webhooks, { path: '/hooks', log: quiet });
    server = createServer((req, res) => void mw(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('builds a failed workflow_run and a /autofix comment that @octokit/webhooks accepts', async () => {
    const run = workflowRunFailure({ owner, repo, runId: 901, runAttempt: 2, headSha: 'a'.repeat(40), installationId: 1, fork: true, pullRequests: [{ number: 5, headRef: 'feat', headSha: 'b'.repeat(40) }] });
    const wr = run.workflow_run as Record<string, unknown>;
    expect(wr).toMatchObject({ id: 901, run_attempt: 2, conclusion: 'failure', status: 'completed', path: '.github/workflows/ci.yml', head_sha: 'a'.repeat(40) });
    expect(wr.html_url).toBe(`https://github.com/${R}/actions/runs/901/attempts/2`);
    expect(wr.head_repository).toMatchObject({ fork: true, full_name: `external-contributor/${repo}` });
    expect(run.installation).toMatchObject({ id: 1 });
    expect(wr.workflow_id).toBe(fake.repo(R).runs.get(901)![0]!.workflowId);
    expect(JSON.stringify(run)).not.toMatch(/octo-repo|Hello-World/);

    const comment = issueComment({ owner, repo, issueNumber: 3, body: '/autofix draft-pr', installationId: 1, senderLogin: 'dev', senderType: 'User', authorAssociation: 'MEMBER' });
    expect(JSON.stringify(comment)).not.toMatch(/Hello-World/);
    expect(comment).toMatchObject({ action: 'created', comment: { body: '/autofix draft-pr', author_association: 'MEMBER', user: { login: 'dev' } }, issue: { number: 3 } });

    const res1 = await deliver(hookUrl, { event: 'workflow_run', id: 'd-1', payload: run, secret });
    const res2 = await deliver(hookUrl, { event: 'issue_comment', id: 'd-2', payload: comment, secret });
    expect([res1.status, res2.status]).toEqual([200, 200]);
    expect(seen.map((s) => [s.name, s.id])).toEqual([['workflow_run', 'd-1'], ['issue_comment', 'd-2']]);
    const bad = await fetch(hookUrl, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', 'x-github-event': 'ping', 'x-github-delivery': 'x', 'x-hub-signature-256': sign('wrong', '{}') } });
    expect(bad.status).toBe(400);
    expect(await new Webhooks({ secret }).verify('{"a":1}', sign(secret, '{"a":1}'))).toBe(true);
  });
});
