// `GET /search/issues`: the subset of GitHub's query language the bot relies on to find its own
// issues again (hidden `<!-- autofix:… -->` markers, labels, state, repo).
import { GitHubError, ok, paginate, type Handler, type HandlerContext } from '../http.js';
import type { IssueRecord, RepoRecord } from '../state.js';
import { issueView } from '../views.js';

interface Term {
  negate: boolean;
  key?: string;
  value: string;
}

const QUALIFIERS = new Set(['repo', 'is', 'type', 'state', 'label', 'in', 'author', 'assignee', 'no', 'head', 'base', 'user', 'org']);

export function parseQuery(q: string): Term[] {
  const terms: Term[] = [];
  const re = /(-)?(?:([a-z_-]+):)?(?:"([^"]*)"|([^\s"]+))/gi;
  for (const m of q.matchAll(re)) {
    const [whole, neg, key, quoted, bare] = m;
    const value = quoted ?? bare ?? '';
    if (key && QUALIFIERS.has(key.toLowerCase())) terms.push({ negate: !!neg, key: key.toLowerCase(), value });
    else terms.push({ negate: !!neg, value: key ? whole.replace(/^-/, '').replace(/"/g, '') : value });
  }
  return terms;
}

const norm = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ').trim();

function matches(repo: RepoRecord, issue: IssueRecord, terms: Term[], fields: Set<string>): boolean {
  const comments = [...repo.comments.values()].filter((c) => c.issueNumber === issue.number).map((c) => c.body);
  const haystacks = [
    ...(fields.has('title') ? [issue.title] : []),
    ...(fields.has('body') ? [issue.body ?? ''] : []),
    ...(fields.has('comments') ? comments : []),
  ].map(norm);
  return terms.every((t) => {
    let hit: boolean;
    switch (t.key) {
      case undefined:
        hit = haystacks.some((h) => h.includes(norm(t.value)));
        break;
      case 'repo':
        hit = repo.fullName.toLowerCase() === t.value.toLowerCase();
        break;
      case 'user':
      case 'org':
        hit = repo.owner.login.toLowerCase() === t.value.toLowerCase();
        break;
      case 'is':
      case 'type':
      case 'state':
        hit = isMatch(issue, t.value.toLowerCase());
        break;
      case 'label':
        hit = t.value.split(',').some((v) => issue.labels.some((l) => l.toLowerCase() === v.toLowerCase()));
        break;
      case 'author': {
        const login = t.value.replace(/^app\/(.+)$/, '$1[bot]').toLowerCase();
        hit = issue.user.login.toLowerCase() === login;
        break;
      }
      case 'assignee':
        hit = issue.assignees.some((a) => a.login.toLowerCase() === t.value.toLowerCase());
        break;
      case 'no':
        hit = t.value === 'label' ? issue.labels.length === 0 : t.value === 'assignee' ? issue.assignees.length === 0 : false;
        break;
      case 'head':
        hit = issue.pull?.headRef === t.value;
        break;
      case 'base':
        hit = issue.pull?.baseRef === t.value;
        break;
      default:
        hit = true; // `in:` only narrows the text fields
    }
    return t.negate ? !hit : hit;
  });
}

function isMatch(issue: IssueRecord, v: string): boolean {
  if (v === 'issue') return !issue.pull;
  if (v === 'pr' || v === 'pull-request') return !!issue.pull;
  if (v === 'open' || v === 'closed') return issue.state === v;
  if (v === 'draft') return !!issue.pull?.draft;
  return false;
}

function visible(ctx: HandlerContext, repo: RepoRecord): boolean {
  try {
    return ctx.state.repoFor(ctx.identity, repo.owner.login, repo.name) === repo;
  } catch {
    return false;
  }
}

const search: Handler = (ctx: HandlerContext) => {
  const q = ctx.query.q ?? '';
  if (q.length > 256) throw new GitHubError(422, 'The search is longer than 256 characters.');
  const terms = parseQuery(q);
  const kinds = terms.filter((t) => (t.key === 'is' || t.key === 'type') && ['issue', 'pr', 'pull-request'].includes(t.value.toLowerCase()));
  if (ctx.identity.kind === 'user' && ctx.identity.token.startsWith('ghu_') && kinds.length === 0) {
    throw new GitHubError(422, "Query must include 'is:issue' or 'is:pull-request'");
  }
  const inFields = terms.filter((t) => t.key === 'in').flatMap((t) => t.value.toLowerCase().split(','));
  const fields = new Set(inFields.length ? inFields : ['title', 'body', 'comments']);
  const repoTerms = terms.filter((t) => t.key === 'repo' && !t.negate);
  const now = Date.now();
  const hits: Array<{ repo: RepoRecord; issue: IssueRecord }> = [];
  for (const repo of ctx.state.repos.values()) {
    if (!visible(ctx, repo)) continue;
    if (repoTerms.length && !repoTerms.some((t) => t.value.toLowerCase() === repo.fullName.toLowerCase())) continue;
    const others = terms.filter((t) => !(t.key === 'repo' && !t.negate));
    for (const issue of repo.issues.values()) {
      if (issue.searchableFrom <= now && matches(repo, issue, others, fields)) hits.push({ repo, issue });
    }
  }
  const sort = ctx.query.sort;
  const key = sort === 'updated' ? 'updatedAt' : 'createdAt';
  hits.sort((a, b) => (a.issue[key] === b.issue[key] ? b.issue.id - a.issue.id : a.issue[key] < b.issue[key] ? 1 : -1));
  if (sort && ctx.query.order === 'asc') hits.reverse();
  const { page, headers } = paginate(ctx, hits);
  const items = page.map(({ repo, issue }) => {
    const { body, ...rest } = issueView(ctx, repo, issue);
    // `issue-search-result-item.body` is a non-nullable optional string: omit it rather than send null.
    return { ...rest, ...(body === null ? {} : { body }), score: 1 };
  });
  return ok({ total_count: hits.length, incomplete_results: false, items, search_type: 'lexical' }, 200, headers);
};

export const searchHandlers: Record<string, Handler> = {
  'search/issues-and-pull-requests': search,
};
