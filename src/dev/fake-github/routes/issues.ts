// Issues, their labels and assignees. Pull requests share the issue number space and appear in
// issue listings with a `pull_request` key, exactly as GitHub returns them.
import { now } from '../git.js';
import { body, GitHubError, intParam, ok, paginate, validationFailed, type Handler, type HandlerContext } from '../http.js';
import type { AgentAssignment, IssueRecord, RepoRecord, UserRecord } from '../state.js';
import { issueView, labelView } from '../views.js';

export const repoOf = (ctx: HandlerContext): RepoRecord =>
  ctx.state.repoFor(ctx.identity, ctx.params.owner ?? '', ctx.params.repo ?? '');

type LabelInput = string | { name?: string };
const labelNames = (labels: LabelInput[] | undefined): string[] =>
  (labels ?? []).map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter((n) => n !== '');

type AssigneeInput = string | { login?: string };
const logins = (items: AssigneeInput[] | undefined): string[] =>
  (items ?? []).map((a) => (typeof a === 'string' ? a : (a.login ?? ''))).filter((n) => n !== '');

function applyLabels(ctx: HandlerContext, repo: RepoRecord, issue: IssueRecord, names: string[]): void {
  for (const name of names) {
    const label = ctx.state.ensureLabel(repo, name);
    if (!issue.labels.some((l) => l.toLowerCase() === label.name.toLowerCase())) issue.labels.push(label.name);
  }
}

function addAssignees(ctx: HandlerContext, issue: IssueRecord, names: string[]): void {
  for (const login of names) {
    if (!issue.assignees.some((a: UserRecord) => a.login.toLowerCase() === login.toLowerCase())) {
      issue.assignees.push(ctx.state.user(login));
    }
  }
}

function recordAgentAssignment(ctx: HandlerContext, repo: RepoRecord, issue: IssueRecord, b: { assignees?: AssigneeInput[]; agent_assignment?: AgentAssignment }): void {
  if (!b.agent_assignment) return;
  ctx.state.agentAssignments.push({
    repo: repo.fullName,
    issueNumber: issue.number,
    assignees: logins(b.assignees),
    agentAssignment: b.agent_assignment,
    tokenKind: ctx.identity.kind,
  });
}

interface IssueBody {
  title: string | number | null;
  body: string | null;
  state: 'open' | 'closed';
  state_reason: IssueRecord['stateReason'];
  labels: LabelInput[];
  assignee: string | null;
  assignees: AssigneeInput[];
  milestone: unknown;
  agent_assignment: AgentAssignment;
}

export function newIssue(ctx: HandlerContext, repo: RepoRecord, fields: { title: string; body: string | null; user: UserRecord }): IssueRecord {
  const ts = now();
  const issue: IssueRecord = {
    id: ctx.state.nextId('issue'),
    number: repo.nextNumber++,
    title: fields.title,
    body: fields.body,
    state: 'open',
    stateReason: null,
    labels: [],
    assignees: [],
    user: fields.user,
    authorAssociation: ctx.state.associationFor(repo, fields.user),
    locked: false,
    createdAt: ts,
    updatedAt: ts,
    closedAt: null,
    searchableFrom: Date.now() + ctx.state.settings.searchIndexDelayMs,
  };
  repo.issues.set(issue.number, issue);
  return issue;
}

const create: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const b = body<IssueBody>(ctx);
  if (b.milestone !== undefined && b.milestone !== null) {
    throw validationFailed({ resource: 'Issue', field: 'milestone', code: 'invalid', value: String(b.milestone) });
  }
  const issue = newIssue(ctx, repo, { title: String(b.title), body: b.body ?? null, user: ctx.state.actor(ctx.identity) });
  applyLabels(ctx, repo, issue, labelNames(b.labels));
  addAssignees(ctx, issue, [...(b.assignee ? [b.assignee] : []), ...logins(b.assignees)]);
  recordAgentAssignment(ctx, repo, issue, b);
  return ok(issueView(ctx, repo, issue), 201, { location: `${ctx.apiUrl}/repos/${repo.fullName}/issues/${issue.number}` });
};

const get: Handler = (ctx) => {
  const repo = repoOf(ctx);
  return ok(issueView(ctx, repo, ctx.state.issue(repo, intParam(ctx, 'issue_number'))));
};

const update: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const issue = ctx.state.issue(repo, intParam(ctx, 'issue_number'));
  const b = body<IssueBody>(ctx);
  if (b.title !== undefined && b.title !== null) issue.title = String(b.title);
  if (b.body !== undefined) issue.body = b.body;
  if (b.state && b.state !== issue.state) {
    issue.state = b.state;
    issue.closedAt = b.state === 'closed' ? now() : null;
    issue.stateReason = b.state === 'closed' ? (b.state_reason ?? 'completed') : 'reopened';
  } else if (b.state_reason !== undefined && issue.state === 'closed') {
    issue.stateReason = b.state_reason;
  }
  if (b.labels !== undefined) {
    issue.labels = [];
    applyLabels(ctx, repo, issue, labelNames(b.labels));
  }
  if (b.assignees !== undefined) {
    issue.assignees = [];
    addAssignees(ctx, issue, logins(b.assignees));
  }
  recordAgentAssignment(ctx, repo, issue, b);
  ctx.state.touch(issue);
  return ok(issueView(ctx, repo, issue));
};

function assigneeMatches(i: IssueRecord, wanted: string | undefined): boolean {
  if (!wanted) return true;
  if (wanted === '*') return i.assignees.length > 0;
  if (wanted === 'none') return i.assignees.length === 0;
  return i.assignees.some((a) => a.login.toLowerCase() === wanted.toLowerCase());
}

const list: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const q = ctx.query;
  const state = q.state ?? 'open';
  const wanted = (q.labels ?? '').split(',').map((l) => l.trim().toLowerCase()).filter(Boolean);
  let items = [...repo.issues.values()].filter(
    (i) =>
      (state === 'all' || i.state === state) &&
      wanted.every((w) => i.labels.some((l) => l.toLowerCase() === w)) &&
      (!q.creator || i.user.login.toLowerCase() === q.creator.toLowerCase()) &&
      assigneeMatches(i, q.assignee) &&
      (!q.since || i.updatedAt >= q.since),
  );
  const key = q.sort === 'updated' ? 'updatedAt' : 'createdAt';
  items = items.sort((a, b) => (a[key] === b[key] ? a.number - b.number : a[key] < b[key] ? -1 : 1));
  if ((q.direction ?? 'desc') === 'desc') items.reverse();
  const { page, headers } = paginate(ctx, items);
  return ok(page.map((i) => issueView(ctx, repo, i)), 200, headers);
};

const addAssigneesRoute: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const issue = ctx.state.issue(repo, intParam(ctx, 'issue_number'));
  const b = body<{ assignees: AssigneeInput[]; agent_assignment: AgentAssignment }>(ctx);
  addAssignees(ctx, issue, logins(b.assignees));
  recordAgentAssignment(ctx, repo, issue, b);
  ctx.state.touch(issue);
  return ok(issueView(ctx, repo, issue), 201);
};

const listLabels: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const { page, headers } = paginate(ctx, [...repo.labels.values()]);
  return ok(page.map((l) => labelView(ctx, repo, l)), 200, headers);
};

const getLabel: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const label = repo.labels.get((ctx.params.name ?? '').toLowerCase());
  if (!label) throw new GitHubError(404, 'Not Found');
  return ok(labelView(ctx, repo, label));
};

const createLabel: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const b = body<{ name: string; color: string; description: string }>(ctx);
  const name = b.name ?? '';
  if (repo.labels.has(name.toLowerCase())) {
    throw validationFailed({ resource: 'Label', code: 'already_exists', field: 'name' });
  }
  const color = (b.color ?? 'ededed').replace(/^#/, '');
  if (!/^[0-9a-fA-F]{6}$/.test(color)) throw validationFailed({ resource: 'Label', code: 'invalid', field: 'color' });
  const label = { id: ctx.state.nextId('label'), name, color, description: b.description ?? null, default: false };
  repo.labels.set(name.toLowerCase(), label);
  return ok(labelView(ctx, repo, label), 201);
};

const addLabels: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const issue = ctx.state.issue(repo, intParam(ctx, 'issue_number'));
  const b = ctx.body;
  const names = Array.isArray(b) ? labelNames(b as LabelInput[]) : labelNames((b as { labels?: LabelInput[] } | undefined)?.labels);
  applyLabels(ctx, repo, issue, names);
  ctx.state.touch(issue);
  return ok(issue.labels.map((n) => labelView(ctx, repo, ctx.state.ensureLabel(repo, n))));
};

const listIssueLabels: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const issue = ctx.state.issue(repo, intParam(ctx, 'issue_number'));
  const { page, headers } = paginate(ctx, issue.labels);
  return ok(page.map((n) => labelView(ctx, repo, ctx.state.ensureLabel(repo, n))), 200, headers);
};

const removeLabel: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const issue = ctx.state.issue(repo, intParam(ctx, 'issue_number'));
  const name = (ctx.params.name ?? '').toLowerCase();
  if (!issue.labels.some((l) => l.toLowerCase() === name)) throw new GitHubError(404, 'Label does not exist');
  issue.labels = issue.labels.filter((l) => l.toLowerCase() !== name);
  ctx.state.touch(issue);
  return ok(issue.labels.map((n) => labelView(ctx, repo, ctx.state.ensureLabel(repo, n))));
};

export const issueHandlers: Record<string, Handler> = {
  'issues/create': create,
  'issues/get': get,
  'issues/update': update,
  'issues/list-for-repo': list,
  'issues/add-assignees': addAssigneesRoute,
  'issues/list-labels-for-repo': listLabels,
  'issues/get-label': getLabel,
  'issues/create-label': createLabel,
  'issues/add-labels': addLabels,
  'issues/list-labels-on-issue': listIssueLabels,
  'issues/remove-label': removeLabel,
};
