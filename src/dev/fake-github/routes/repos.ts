// Repository metadata and the Contents API (read a file at a ref, create/update a file on a branch).
import { now, normalizePath, type DirEntry } from '../git.js';
import { body, GitHubError, notFound, ok, type Handler, type HandlerContext } from '../http.js';
import type { RepoRecord } from '../state.js';
import { repoRecordView } from '../views.js';
import { base64Wrapped, commitView } from './git.js';
import { repoOf } from './issues.js';

function entryView(ctx: HandlerContext, repo: RepoRecord, ref: string, e: DirEntry): Record<string, unknown> {
  const api = `${ctx.apiUrl}/repos/${repo.fullName}`;
  const self = `${api}/contents/${e.path}?ref=${encodeURIComponent(ref)}`;
  const git = `${api}/git/${e.type === 'dir' ? 'trees' : 'blobs'}/${e.sha}`;
  const html = `${ctx.state.settings.htmlUrl}/${repo.fullName}/${e.type === 'dir' ? 'tree' : 'blob'}/${ref}/${e.path}`;
  return {
    type: e.type,
    size: e.size,
    name: e.name,
    path: e.path,
    sha: e.sha,
    url: self,
    git_url: git,
    html_url: html,
    download_url: e.type === 'file' ? `https://raw.githubusercontent.com/${repo.fullName}/${ref}/${e.path}` : null,
    _links: { self, git, html },
  };
}

const getRepo: Handler = (ctx) => ok(repoRecordView(ctx, repoOf(ctx)));

const getContent: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const ref = ctx.query.ref ?? repo.defaultBranch;
  const commitSha = repo.git.resolve(ref);
  if (!commitSha) throw new GitHubError(404, `No commit found for the ref ${ref}`);
  const path = normalizePath(ctx.params.path ?? '');
  const file = repo.git.readFile(commitSha, path);
  if (file) {
    // `Accept: application/vnd.github.raw+json` (Octokit `mediaType: {format: 'raw'}`) returns the bytes.
    if (/\.raw\b/.test(ctx.headers.accept ?? '')) return { status: 200, text: file.content.toString('utf8') };
    const name = path.split('/').pop() ?? path;
    const entry = entryView(ctx, repo, ref, { name, path, type: 'file', sha: file.sha, size: file.content.length });
    return ok({ ...entry, content: base64Wrapped(file.content), encoding: 'base64' });
  }
  const tree = repo.git.commits.get(commitSha)!.tree;
  const dir = repo.git.listDir(tree, path);
  if (!dir) throw notFound();
  return ok(dir.map((e) => entryView(ctx, repo, ref, e)));
};

interface PutBody {
  message: string;
  content: string;
  sha: string;
  branch: string;
  committer: { name: string; email: string; date?: string };
  author: { name: string; email: string; date?: string };
}

const putContent: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const b = body<PutBody>(ctx);
  const branch = b.branch ?? repo.defaultBranch;
  const head = repo.git.refs.get(`refs/heads/${branch}`);
  if (!head) throw new GitHubError(404, `Branch ${branch} not found`);
  const path = normalizePath(ctx.params.path ?? '');
  const existing = repo.git.readFile(head, path);
  if (existing && !b.sha) throw new GitHubError(422, `Invalid request.\n\n"sha" wasn't supplied.`);
  if (existing && b.sha !== existing.sha) throw new GitHubError(409, `${path} does not match ${b.sha}`);
  if (!existing && b.sha) throw new GitHubError(409, `${path} does not match ${b.sha}`);
  const actor = ctx.state.actor(ctx.identity);
  const author = { name: actor.login, email: `${actor.id}+${actor.login}@users.noreply.github.com`, ...b.author, date: b.author?.date ?? now() };
  const committer = b.committer ? { ...b.committer, date: b.committer.date ?? author.date } : undefined;
  const commit = repo.git.commitChanges(head, { [path]: Buffer.from(b.content ?? '', 'base64') }, b.message ?? '', author, committer);
  repo.git.refs.set(`refs/heads/${branch}`, commit.sha);
  const file = repo.git.readFile(commit.sha, path)!;
  const name = path.split('/').pop() ?? path;
  const content = entryView(ctx, repo, branch, { name, path, type: 'file', sha: file.sha, size: file.content.length });
  return ok({ content, commit: commitView(ctx, repo, commit) }, existing ? 200 : 201);
};

export const repoHandlers: Record<string, Handler> = {
  'repos/get': getRepo,
  'repos/get-content': getContent,
  'repos/create-or-update-file-contents': putContent,
};
