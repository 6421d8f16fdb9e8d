// Webhook payloads built from GitHub's own examples (@octokit/webhooks-examples), patched into the
// cases the bot cares about. None of the shipped `workflow_run.completed` examples is a failure or
// carries an installation, so every field the bot reads is set explicitly here.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { workflowIdFor } from '../../src/dev/fake-github/index.js';

type Json = Record<string, unknown>;
interface ExampleGroup {
  name: string;
  examples: Json[];
}

let examples: ExampleGroup[] | undefined;

function example(event: string, action: string, pick: (e: Json) => boolean = () => true): Json {
  if (!examples) {
    const require = createRequire(import.meta.url);
    const file = require.resolve('@octokit/webhooks-examples/api.github.com/index.json');
    examples = JSON.parse(readFileSync(file, 'utf8')) as ExampleGroup[];
  }
  const group = examples.find((g) => g.name === event);
  const found = group?.examples.find((e) => e.action === action && pick(e));
  if (!found) throw new Error(`no ${event}.${action} example in @octokit/webhooks-examples`);
  return structuredClone(found);
}

/** Renames the example's repository everywhere (all the *_url fields) before fields are patched. */
function retarget(payload: Json, from: string, to: string, apiUrl: string): Json {
  let text = JSON.stringify(payload).split(from).join(to);
  if (apiUrl !== 'https://api.github.com') text = text.split('https://api.github.com').join(apiUrl.replace(/\/$/, ''));
  return JSON.parse(text) as Json;
}

const obj = (v: unknown): Json => v as Json;

/** A copy of a user object with its login (and every URL built from it) replaced. */
function renameUser(user: unknown, login: string, type?: string): Json {
  const u = obj(user);
  const renamed = JSON.parse(JSON.stringify(u).split(`/${String(u.login)}`).join(`/${login}`)) as Json;
  return { ...renamed, login, ...(type ? { type } : {}) };
}

export interface WorkflowRunFailureOptions {
  owner: string;
  repo: string;
  runId: number;
  runAttempt?: number;
  conclusion?: string;
  event?: string;
  headBranch?: string;
  headSha: string;
  workflowName?: string;
  workflowPath?: string;
  installationId?: number;
  fork?: boolean;
  forkOwner?: string;
  pullRequests?: Array<{ number: number; headRef: string; headSha: string; baseRef?: string; baseSha?: string }>;
  /** Rewrite `https://api.github.com` URLs, e.g. to a FakeGitHub base URL. */
  apiUrl?: string;
  /** Default: the id FakeGitHub gives a run seeded for the same repo and path. */
  workflowId?: number;
  /** Who pushed (sender, actor, triggering_actor); default `octocat`. */
  actorLogin?: string;
}

export function workflowRunFailure(o: WorkflowRunFailureOptions): Json {
  const full = `${o.owner}/${o.repo}`;
  const apiUrl = o.apiUrl ?? 'https://api.github.com';
  // The example mixes two repositories (the run's and the top-level one); both become `full`.
  const p = retarget(retarget(example('workflow_run', 'completed'), 'octo-org/octo-repo', full, apiUrl), 'Codertocat/Hello-World', full, apiUrl);
  const run = obj(p.workflow_run);
  const workflowName = o.workflowName ?? 'CI';
  const workflowPath = o.workflowPath ?? '.github/workflows/ci.yml';
  const attempt = o.runAttempt ?? 1;
  const html = `https://github.com/${full}/actions/runs/${o.runId}`;
  const api = `${apiUrl}/repos/${full}/actions/runs/${o.runId}`;
  Object.assign(run, {
    id: o.runId,
    name: workflowName,
    path: workflowPath,
    display_title: `${workflowName} on ${o.headBranch ?? 'main'}`,
    event: o.event ?? 'push',
    status: 'completed',
    conclusion: o.conclusion ?? 'failure',
    head_branch: o.headBranch ?? 'main',
    head_sha: o.headSha,
    run_attempt: attempt,
    html_url: attempt > 1 ? `${html}/attempts/${attempt}` : html,
    url: api,
    jobs_url: `${api}/jobs`,
    logs_url: `${api}/logs`,
    rerun_url: `${api}/rerun`,
    cancel_url: `${api}/cancel`,
    artifacts_url: `${api}/artifacts`,
    previous_attempt_url: attempt > 1 ? `${api}/attempts/${attempt - 1}` : null,
    actor: renameUser(p.sender, o.actorLogin ?? 'octocat'),
    triggering_actor: renameUser(p.sender, o.actorLogin ?? 'octocat'),
  });
  p.sender = renameUser(p.sender, o.actorLogin ?? 'octocat');
  run.workflow_id = o.workflowId ?? workflowIdFor(full, workflowPath);
  obj(run.head_commit).id = o.headSha;
  for (const r of [p.repository, run.repository, run.head_repository].map(obj)) {
    Object.assign(r, { name: o.repo, full_name: full, fork: false, owner: renameUser(r.owner, o.owner) });
  }
  if (o.fork) {
    const forkOwner = o.forkOwner ?? 'external-contributor';
    const head = retarget(obj(run.head_repository), full, `${forkOwner}/${o.repo}`, apiUrl);
    Object.assign(head, { id: Number(head.id) + 1, fork: true, full_name: `${forkOwner}/${o.repo}`, owner: renameUser(head.owner, forkOwner, 'User') });
    run.head_repository = head;
  }
  run.pull_requests = (o.pullRequests ?? []).map((pr) => {
    const repoRef = { id: obj(run.repository).id, url: `${apiUrl}/repos/${full}`, name: o.repo };
    return {
      url: `${apiUrl}/repos/${full}/pulls/${pr.number}`,
      id: 1_000_000 + pr.number,
      number: pr.number,
      head: { ref: pr.headRef, sha: pr.headSha, repo: repoRef },
      base: { ref: pr.baseRef ?? 'main', sha: pr.baseSha ?? '0'.repeat(40), repo: repoRef },
    };
  });
  Object.assign(obj(p.workflow), {
    name: workflowName,
    path: workflowPath,
    id: run.workflow_id,
    html_url: `https://github.com/${full}/blob/${o.headBranch ?? 'main'}/${workflowPath}`,
    badge_url: `https://github.com/${full}/workflows/${encodeURIComponent(workflowName)}/badge.svg`,
    url: `${apiUrl}/repos/${full}/actions/workflows/${String(run.workflow_id)}`,
  });
  run.workflow_url = obj(p.workflow).url;
  if (p.organization) {
    const org = obj(p.organization);
    p.organization = JSON.parse(JSON.stringify(org).split(`/${String(org.login)}`).join(`/${o.owner}`)) as Json;
    obj(p.organization).login = o.owner;
  }
  p.installation = { id: o.installationId ?? 1, node_id: `MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u${o.installationId ?? 1}` };
  return p;
}

export interface IssueCommentOptions {
  owner: string;
  repo: string;
  issueNumber: number;
  body: string;
  installationId?: number;
  senderLogin?: string;
  senderType?: 'User' | 'Bot';
  authorAssociation?: 'OWNER' | 'MEMBER' | 'COLLABORATOR' | 'CONTRIBUTOR' | 'FIRST_TIME_CONTRIBUTOR' | 'FIRST_TIMER' | 'NONE';
  commentId?: number;
  issueTitle?: string;
  issueBody?: string;
  /** Make the issue a pull request (issue_comment fires for PR conversations too). */
  isPullRequest?: boolean;
  apiUrl?: string;
}

export function issueComment(o: IssueCommentOptions): Json {
  const full = `${o.owner}/${o.repo}`;
  const apiUrl = o.apiUrl ?? 'https://api.github.com';
  const p = retarget(example('issue_comment', 'created', (e) => !!e.installation), 'Codertocat/Hello-World', full, apiUrl);
  const issue = obj(p.issue);
  const comment = obj(p.comment);
  const sender = renameUser(p.sender, o.senderLogin ?? 'octocat', o.senderType ?? 'User');
  const issueApi = `${apiUrl}/repos/${full}/issues/${o.issueNumber}`;
  const kind = o.isPullRequest ? 'pull' : 'issues';
  Object.assign(issue, {
    number: o.issueNumber,
    url: issueApi,
    html_url: `https://github.com/${full}/${kind}/${o.issueNumber}`,
    comments_url: `${issueApi}/comments`,
    labels_url: `${issueApi}/labels{/name}`,
    events_url: `${issueApi}/events`,
    ...(o.issueTitle !== undefined ? { title: o.issueTitle } : {}),
    ...(o.issueBody !== undefined ? { body: o.issueBody } : {}),
  });
  if (o.isPullRequest) {
    const pr = `https://github.com/${full}/pull/${o.issueNumber}`;
    issue.pull_request = { url: `${apiUrl}/repos/${full}/pulls/${o.issueNumber}`, html_url: pr, diff_url: `${pr}.diff`, patch_url: `${pr}.patch` };
  }
  const commentId = o.commentId ?? Number(comment.id);
  Object.assign(comment, {
    id: commentId,
    body: o.body,
    user: sender,
    author_association: o.authorAssociation ?? 'OWNER',
    issue_url: issueApi,
    url: `${apiUrl}/repos/${full}/issues/comments/${commentId}`,
    html_url: `https://github.com/${full}/${kind}/${o.issueNumber}#issuecomment-${commentId}`,
  });
  Object.assign(obj(p.repository), { name: o.repo, full_name: full, owner: renameUser(obj(p.repository).owner, o.owner) });
  p.sender = sender;
  p.installation = { id: o.installationId ?? 1, node_id: `MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u${o.installationId ?? 1}` };
  return p;
}

/** The `x-hub-signature-256` value GitHub sends for this exact body. */
export function sign(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface Delivery {
  event: string;
  id: string;
  payload: unknown;
  secret: string;
}

/** POSTs a signed delivery exactly as GitHub does (same headers, raw JSON body). */
export async function deliver(url: string, d: Delivery): Promise<Response> {
  const body = JSON.stringify(d.payload);
  return fetch(url, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/fake',
      'x-github-event': d.event,
      'x-github-delivery': d.id,
      'x-hub-signature-256': sign(d.secret, body),
    },
  });
}
