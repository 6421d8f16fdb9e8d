// Issue comments (also used for pull request conversation comments, as on GitHub).
import { now } from '../git.js';
import { body, intParam, notFound, ok, paginate, type Handler, type HandlerContext } from '../http.js';
import type { CommentRecord, RepoRecord, UserRecord } from '../state.js';
import { commentView } from '../views.js';
import { repoOf } from './issues.js';

export function addComment(ctx: Pick<HandlerContext, 'state'>, repo: RepoRecord, issueNumber: number, text: string, user: UserRecord): CommentRecord {
  const ts = now();
  const comment: CommentRecord = {
    id: ctx.state.nextId('comment'),
    issueNumber,
    body: text,
    user,
    authorAssociation: ctx.state.associationFor(repo, user),
    createdAt: ts,
    updatedAt: ts,
  };
  repo.comments.set(comment.id, comment);
  return comment;
}

const create: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const issue = ctx.state.issue(repo, intParam(ctx, 'issue_number'));
  if (issue.locked) throw notFound();
  const comment = addComment(ctx, repo, issue.number, body<{ body: string }>(ctx).body ?? '', ctx.state.actor(ctx.identity));
  ctx.state.touch(issue);
  return ok(commentView(ctx, repo, comment), 201, { location: `${ctx.apiUrl}/repos/${repo.fullName}/issues/comments/${comment.id}` });
};

const list: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const issue = ctx.state.issue(repo, intParam(ctx, 'issue_number'));
  const since = ctx.query.since;
  const items = [...repo.comments.values()]
    .filter((c) => c.issueNumber === issue.number && (!since || c.updatedAt >= since))
    .sort((a, b) => a.id - b.id);
  const { page, headers } = paginate(ctx, items);
  return ok(page.map((c) => commentView(ctx, repo, c)), 200, headers);
};

function commentOf(ctx: HandlerContext, repo: RepoRecord): CommentRecord {
  const comment = repo.comments.get(intParam(ctx, 'comment_id'));
  if (!comment) throw notFound();
  return comment;
}

const get: Handler = (ctx) => {
  const repo = repoOf(ctx);
  return ok(commentView(ctx, repo, commentOf(ctx, repo)));
};

const update: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const comment = commentOf(ctx, repo);
  comment.body = body<{ body: string }>(ctx).body ?? comment.body;
  comment.updatedAt = now();
  return ok(commentView(ctx, repo, comment));
};

export const commentHandlers: Record<string, Handler> = {
  'issues/create-comment': create,
  'issues/list-comments': list,
  'issues/get-comment': get,
  'issues/update-comment': update,
};
