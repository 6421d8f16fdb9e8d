// The Git Database API: refs, commits, trees and blobs.
import { now, type CommitObject, type FlatTree, normalizePath } from '../git.js';
import { body, GitHubError, notFound, ok, type Handler, type HandlerContext } from '../http.js';
import type { RepoRecord } from '../state.js';
import { nodeId } from '../views.js';
import { repoOf } from './issues.js';

const unprocessable = (message: string): GitHubError => new GitHubError(422, message);

export function base64Wrapped(buf: Buffer): string {
  // GitHub wraps base64 at 60 columns; clients must tolerate the newlines.
  return (buf.toString('base64').match(/.{1,60}/g) ?? ['']).join('\n') + '\n';
}

function refView(ctx: HandlerContext, repo: RepoRecord, ref: string, sha: string): Record<string, unknown> {
  const api = `${ctx.apiUrl}/repos/${repo.fullName}/git`;
  return {
    ref,
    node_id: nodeId('REF', sha.length + ref.length),
    url: `${api}/${ref}`,
    object: { sha, type: 'commit', url: `${api}/commits/${sha}` },
  };
}

export function commitView(ctx: HandlerContext, repo: RepoRecord, c: CommitObject): Record<string, unknown> {
  const api = `${ctx.apiUrl}/repos/${repo.fullName}/git`;
  const html = `${ctx.state.settings.htmlUrl}/${repo.fullName}/commit`;
  return {
    sha: c.sha,
    node_id: nodeId('C', parseInt(c.sha.slice(0, 8), 16)),
    url: `${api}/commits/${c.sha}`,
    html_url: `${html}/${c.sha}`,
    author: c.author,
    committer: c.committer,
    tree: { sha: c.tree, url: `${api}/trees/${c.tree}` },
    message: c.message,
    parents: c.parents.map((p) => ({ sha: p, url: `${api}/commits/${p}`, html_url: `${html}/${p}` })),
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
  };
}

function treeView(ctx: HandlerContext, repo: RepoRecord, sha: string, recursive: boolean): Record<string, unknown> {
  const api = `${ctx.apiUrl}/repos/${repo.fullName}/git`;
  const entries: Array<Record<string, unknown>> = [];
  const walk = (treeSha: string, prefix: string): void => {
    for (const e of repo.git.listDir(treeSha, '') ?? []) {
      const path = prefix + e.name;
      if (e.type === 'dir') {
        entries.push({ path, mode: '040000', type: 'tree', sha: e.sha, url: `${api}/trees/${e.sha}` });
        if (recursive) walk(e.sha, `${path}/`);
      } else {
        const entry = repo.git.trees.get(treeSha)!.get(e.name)!;
        entries.push({ path, mode: entry.mode, type: entry.type, sha: e.sha, size: e.size, url: `${api}/blobs/${e.sha}` });
      }
    }
  };
  walk(sha, '');
  return { sha, url: `${api}/trees/${sha}`, tree: entries, truncated: false };
}

const branchRef = (ref: string): string => `refs/${ref}`;

const getRef: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const ref = ctx.params.ref ?? '';
  if (ref.startsWith('refs/')) ctx.violation(`git/get-ref wants "heads/<branch>", got "${ref}"`);
  const sha = repo.git.refs.get(branchRef(ref));
  if (!sha) throw notFound();
  return ok(refView(ctx, repo, branchRef(ref), sha));
};

const createRef: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const b = body<{ ref: string; sha: string }>(ctx);
  const ref = b.ref ?? '';
  if (!ref.startsWith('refs/') || ref.split('/').length < 3) throw unprocessable('Reference name is not well-formed');
  if (!repo.git.commits.has(b.sha ?? '')) throw unprocessable('Object does not exist');
  if (repo.git.refs.has(ref)) throw unprocessable('Reference already exists');
  repo.git.refs.set(ref, b.sha!);
  return ok(refView(ctx, repo, ref, b.sha!), 201, { location: `${ctx.apiUrl}/repos/${repo.fullName}/git/${ref}` });
};

const updateRef: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const ref = branchRef(ctx.params.ref ?? '');
  const b = body<{ sha: string; force: boolean }>(ctx);
  const current = repo.git.refs.get(ref);
  if (!current) throw unprocessable('Reference does not exist');
  if (!repo.git.commits.has(b.sha ?? '')) throw unprocessable('Object does not exist');
  if (!b.force && !repo.git.isAncestor(current, b.sha!)) throw unprocessable('Update is not a fast forward');
  repo.git.refs.set(ref, b.sha!);
  return ok(refView(ctx, repo, ref, b.sha!));
};

const deleteRef: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const ref = branchRef(ctx.params.ref ?? '');
  if (!repo.git.refs.delete(ref)) throw unprocessable('Reference does not exist');
  return { status: 204 };
};

const getCommit: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const commit = repo.git.commits.get(ctx.params.commit_sha ?? '');
  if (!commit) throw notFound();
  return ok(commitView(ctx, repo, commit));
};

interface TreeInput {
  path: string;
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha?: string | null;
  content?: string;
}

const createTree: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const b = body<{ tree: TreeInput[]; base_tree: string }>(ctx);
  let tree: FlatTree = new Map();
  if (b.base_tree) {
    // GitHub accepts any tree-ish here; a commit sha is common in the wild.
    const baseSha = repo.git.trees.has(b.base_tree) ? b.base_tree : repo.git.commits.get(b.base_tree)?.tree;
    if (!baseSha) throw unprocessable('Invalid tree info: base_tree does not exist');
    tree = new Map(repo.git.trees.get(baseSha));
  }
  for (const [i, e] of (b.tree ?? []).entries()) {
    const path = normalizePath(e.path);
    if (e.content !== undefined && e.sha !== undefined) throw unprocessable(`tree.${i}: only one of "sha" or "content" may be set`);
    if (e.sha === null) {
      for (const p of [...tree.keys()]) if (p === path || p.startsWith(`${path}/`)) tree.delete(p);
      continue;
    }
    if (e.type === 'tree') {
      const sub = repo.git.trees.get(e.sha ?? '');
      if (!sub) throw unprocessable(`tree.sha ${e.sha} is not a valid tree`);
      for (const [p, entry] of sub) tree.set(`${path}/${p}`, entry);
      continue;
    }
    const sha = e.content !== undefined ? repo.git.putBlob(Buffer.from(e.content, 'utf8')) : e.sha ?? '';
    if (e.type === 'blob' && !repo.git.blobs.has(sha)) throw unprocessable(`tree.sha ${sha} is not a valid blob`);
    tree.set(path, { mode: e.mode, type: e.type, sha });
  }
  const sha = repo.git.putTree(tree);
  return ok(treeView(ctx, repo, sha, false), 201);
};

const getTree: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const id = ctx.params.tree_sha ?? '';
  const commitSha = repo.git.resolve(id);
  const sha = repo.git.trees.has(id) ? id : commitSha ? repo.git.commits.get(commitSha)?.tree : undefined;
  if (!sha) throw notFound();
  return ok(treeView(ctx, repo, sha, ctx.query.recursive !== undefined));
};

const createCommit: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const b = body<{ message: string; tree: string; parents: string[]; author: { name: string; email: string; date?: string }; committer: { name: string; email: string; date?: string } }>(ctx);
  if (!repo.git.trees.has(b.tree ?? '')) throw unprocessable('Tree SHA does not exist');
  for (const p of b.parents ?? []) if (!repo.git.commits.has(p)) throw unprocessable('Parent SHA does not exist or is not a commit object');
  const actor = ctx.state.actor(ctx.identity);
  const fallback = { name: actor.login, email: `${actor.id}+${actor.login}@users.noreply.github.com` };
  const author = { ...fallback, ...b.author, date: b.author?.date ?? now() };
  const commit = repo.git.putCommit({
    tree: b.tree!,
    parents: b.parents ?? [],
    message: b.message ?? '',
    author,
    committer: { ...author, ...b.committer, date: b.committer?.date ?? author.date },
  });
  return ok(commitView(ctx, repo, commit), 201);
};

const createBlob: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const b = body<{ content: string; encoding: string }>(ctx);
  const encoding = b.encoding ?? 'utf-8';
  if (encoding !== 'utf-8' && encoding !== 'base64') throw unprocessable(`encoding must be "utf-8" or "base64"`);
  const sha = repo.git.putBlob(Buffer.from(b.content ?? '', encoding === 'base64' ? 'base64' : 'utf8'));
  return ok({ url: `${ctx.apiUrl}/repos/${repo.fullName}/git/blobs/${sha}`, sha }, 201);
};

const getBlob: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const sha = ctx.params.file_sha ?? '';
  const content = repo.git.blobs.get(sha);
  if (!content) throw notFound();
  return ok({
    sha,
    node_id: nodeId('B', parseInt(sha.slice(0, 8), 16)),
    size: content.length,
    url: `${ctx.apiUrl}/repos/${repo.fullName}/git/blobs/${sha}`,
    content: base64Wrapped(content),
    encoding: 'base64',
  });
};

export const gitHandlers: Record<string, Handler> = {
  'git/get-ref': getRef,
  'git/create-ref': createRef,
  'git/update-ref': updateRef,
  'git/delete-ref': deleteRef,
  'git/get-commit': getCommit,
  'git/create-tree': createTree,
  'git/get-tree': getTree,
  'git/create-commit': createCommit,
  'git/create-blob': createBlob,
  'git/get-blob': getBlob,
};
