// Pull request JSON (`pull-request` and `pull-request-simple`), computed from the live git state so
// `head.sha`, `commits` and `changed_files` follow pushes to the branch like on GitHub.
import type { IssueRecord, RepoRecord } from './state.js';
import { issueView, labelView, nodeId, repoRecordView, userView, type ViewContext } from './views.js';

export function liveHeadSha(repo: RepoRecord, issue: IssueRecord): string {
  const p = issue.pull!;
  return repo.git.refs.get(`refs/heads/${p.headRef}`) ?? p.headSha;
}

function liveBaseSha(repo: RepoRecord, issue: IssueRecord): string {
  const p = issue.pull!;
  return repo.git.refs.get(`refs/heads/${p.baseRef}`) ?? p.baseSha;
}

function mergeBase(repo: RepoRecord, base: string, head: string): string | undefined {
  const queue = [head];
  const seen = new Set<string>();
  while (queue.length) {
    const sha = queue.shift()!;
    if (seen.has(sha)) continue;
    seen.add(sha);
    if (repo.git.isAncestor(sha, base)) return sha;
    queue.push(...(repo.git.commits.get(sha)?.parents ?? []));
  }
  return undefined;
}

function diffStats(repo: RepoRecord, base: string | undefined, head: string): { files: number; additions: number; deletions: number } {
  const before = base ? repo.git.treeOf(base) : new Map();
  const after = repo.git.treeOf(head);
  let files = 0;
  let additions = 0;
  let deletions = 0;
  for (const path of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(path)?.sha;
    const b = after.get(path)?.sha;
    if (a === b) continue;
    files++;
    const oldLines = a ? repo.git.blobs.get(a)!.toString('utf8').split('\n') : [];
    const newLines = b ? repo.git.blobs.get(b)!.toString('utf8').split('\n') : [];
    const pool = new Map<string, number>();
    for (const l of oldLines) pool.set(l, (pool.get(l) ?? 0) + 1);
    for (const l of newLines) {
      const n = pool.get(l) ?? 0;
      if (n > 0) pool.set(l, n - 1);
      else additions++;
    }
    for (const n of pool.values()) deletions += n;
  }
  return { files, additions, deletions };
}

export function pullView(v: ViewContext, repo: RepoRecord, issue: IssueRecord, full = true): Record<string, unknown> {
  const p = issue.pull!;
  const api = `${v.apiUrl}/repos/${repo.fullName}`;
  const html = `${v.state.settings.htmlUrl}/${repo.fullName}/pull/${issue.number}`;
  const headSha = liveHeadSha(repo, issue);
  const baseSha = liveBaseSha(repo, issue);
  const repoJson = repoRecordView(v, repo);
  const owner = userView(v, repo.owner);
  const asIssue = issueView(v, repo, issue);
  const view: Record<string, unknown> = {
    url: `${api}/pulls/${issue.number}`,
    id: p.id,
    node_id: nodeId('PR', p.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${issue.number}`,
    commits_url: `${api}/pulls/${issue.number}/commits`,
    review_comments_url: `${api}/pulls/${issue.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${issue.number}/comments`,
    statuses_url: `${api}/statuses/${headSha}`,
    number: issue.number,
    state: issue.state,
    locked: issue.locked,
    title: issue.title,
    user: userView(v, issue.user),
    body: issue.body,
    // The description's pull-request label schema says `description: string` (not nullable),
    // unlike the issue one; an empty string keeps the fake within it.
    labels: issue.labels.map((n) => ({ ...labelView(v, repo, v.state.ensureLabel(repo, n)), description: v.state.ensureLabel(repo, n).description ?? '' })),
    milestone: null,
    active_lock_reason: null,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    merged_at: null,
    merge_commit_sha: null,
    assignee: asIssue.assignee,
    assignees: asIssue.assignees,
    requested_reviewers: [],
    requested_teams: [],
    head: { label: `${repo.owner.login}:${p.headRef}`, ref: p.headRef, sha: headSha, user: owner, repo: repoJson },
    base: { label: `${repo.owner.login}:${p.baseRef}`, ref: p.baseRef, sha: baseSha, user: owner, repo: repoJson },
    _links: {
      self: { href: `${api}/pulls/${issue.number}` },
      html: { href: html },
      issue: { href: `${api}/issues/${issue.number}` },
      comments: { href: `${api}/issues/${issue.number}/comments` },
      review_comments: { href: `${api}/pulls/${issue.number}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${api}/pulls/${issue.number}/commits` },
      statuses: { href: `${api}/statuses/${headSha}` },
    },
    author_association: issue.authorAssociation,
    auto_merge: null,
    draft: p.draft,
  };
  if (!full) return view;
  const stats = diffStats(repo, mergeBase(repo, baseSha, headSha), headSha);
  return {
    ...view,
    merged: p.merged,
    mergeable: issue.state === 'open' ? true : null,
    rebaseable: issue.state === 'open' ? true : null,
    mergeable_state: p.draft ? 'draft' : 'clean',
    merged_by: null,
    comments: asIssue.comments,
    review_comments: 0,
    maintainer_can_modify: p.maintainerCanModify,
    commits: repo.git.commitsBetween(baseSha, headSha).length,
    additions: stats.additions,
    deletions: stats.deletions,
    changed_files: stats.files,
  };
}
