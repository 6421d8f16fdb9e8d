// Pull requests, with GitHub's create-time checks: the branches must exist, there must be commits
// between them, and only one open PR may exist per head/base pair.
import { body, GitHubError, intParam, notFound, ok, paginate, validationFailed, type Handler } from '../http.js';
import type { IssueRecord } from '../state.js';
import { liveHeadSha, pullView } from '../views-pulls.js';
import { newIssue, repoOf } from './issues.js';

interface PullBody {
  title: string;
  head: string;
  head_repo: string;
  base: string;
  body: string;
  draft: boolean;
  maintainer_can_modify: boolean;
  issue: number;
}

const create: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const b = body<PullBody>(ctx);
  if (b.issue !== undefined) throw new GitHubError(422, 'Converting an issue into a pull request is not supported by the fake');
  if (!b.title) throw validationFailed({ resource: 'PullRequest', field: 'title', code: 'missing_field' });
  const [headOwner, headRef] = (b.head ?? '').includes(':') ? (b.head ?? '').split(':', 2) : [repo.owner.login, b.head ?? ''];
  const baseSha = repo.git.refs.get(`refs/heads/${b.base}`);
  if (!baseSha) throw validationFailed({ resource: 'PullRequest', field: 'base', code: 'invalid' });
  const headSha = headOwner?.toLowerCase() === repo.owner.login.toLowerCase() ? repo.git.refs.get(`refs/heads/${headRef}`) : undefined;
  if (!headSha) throw validationFailed({ resource: 'PullRequest', field: 'head', code: 'invalid' });
  const duplicate = [...repo.issues.values()].find(
    (i) => i.pull && i.state === 'open' && i.pull.headRef === headRef && i.pull.baseRef === b.base,
  );
  if (duplicate) {
    throw validationFailed({ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${repo.owner.login}:${headRef}.` });
  }
  if (repo.git.commitsBetween(baseSha, headSha).length === 0) {
    throw validationFailed({ resource: 'PullRequest', code: 'custom', message: `No commits between ${b.base} and ${headRef}` });
  }
  const issue = newIssue(ctx, repo, { title: b.title, body: b.body ?? null, user: ctx.state.actor(ctx.identity) });
  issue.pull = {
    id: ctx.state.nextId('pull'),
    headRef: headRef!,
    headSha,
    baseRef: b.base!,
    baseSha,
    draft: b.draft ?? false,
    merged: false,
    maintainerCanModify: b.maintainer_can_modify ?? true,
  };
  return ok(pullView(ctx, repo, issue), 201, { location: `${ctx.apiUrl}/repos/${repo.fullName}/pulls/${issue.number}` });
};

const list: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const q = ctx.query;
  let headRef: string | undefined;
  let headOwner: string | undefined;
  if (q.head) {
    if (q.head.includes(':')) [headOwner, headRef] = q.head.split(':', 2);
    // GitHub silently ignores a bare branch name here and returns every PR: a classic bug.
    else ctx.violation(`pulls/list head=${q.head} must be "owner:branch"; GitHub ignores a bare branch and returns all PRs`);
  }
  const state = q.state ?? 'open';
  let items = [...repo.issues.values()].filter(
    (i): i is IssueRecord & { pull: NonNullable<IssueRecord['pull']> } =>
      !!i.pull &&
      (state === 'all' || i.state === state) &&
      (!headRef || (i.pull.headRef === headRef && headOwner?.toLowerCase() === repo.owner.login.toLowerCase())) &&
      (!q.base || i.pull.baseRef === q.base),
  );
  const key = q.sort === 'updated' ? 'updatedAt' : 'createdAt';
  items = items.sort((a, b) => (a[key] === b[key] ? a.number - b.number : a[key] < b[key] ? -1 : 1));
  if ((q.direction ?? 'desc') === 'desc') items.reverse();
  const { page, headers } = paginate(ctx, items);
  return ok(page.map((i) => pullView(ctx, repo, i, false)), 200, headers);
};

const get: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const issue = repo.issues.get(intParam(ctx, 'pull_number'));
  if (!issue?.pull) throw notFound();
  return ok(pullView(ctx, repo, issue));
};

const forCommit: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const sha = repo.git.resolve(ctx.params.commit_sha ?? '');
  if (!sha) throw new GitHubError(422, `No commit found for SHA: ${ctx.params.commit_sha}`);
  const items = [...repo.issues.values()].filter((i) => {
    if (!i.pull) return false;
    const head = liveHeadSha(repo, i);
    const base = repo.git.refs.get(`refs/heads/${i.pull.baseRef}`) ?? i.pull.baseSha;
    return head === sha || (repo.git.isAncestor(sha, head) && !repo.git.isAncestor(sha, base));
  });
  const { page, headers } = paginate(ctx, items);
  return ok(page.map((i) => pullView(ctx, repo, i, false)), 200, headers);
};

export const pullHandlers: Record<string, Handler> = {
  'pulls/create': create,
  'pulls/list': list,
  'pulls/get': get,
  'repos/list-pull-requests-associated-with-commit': forCommit,
};
