// GitHub-shaped JSON built from the records. Every field the OpenAPI response schema requires is
// present (the pipeline validates responses), with `url` fields pointing back at the fake.
import type { FakeState, CommentRecord, IssueRecord, LabelRecord, RepoRecord, UserRecord } from './state.js';

export interface ViewContext {
  state: FakeState;
  apiUrl: string;
}

export function nodeId(prefix: string, id: number): string {
  return `${prefix}_kwDO${Buffer.from(`fake:${id}`).toString('base64url')}`;
}

export function userView(v: ViewContext, u: UserRecord): Record<string, unknown> {
  const api = `${v.apiUrl}/users/${encodeURIComponent(u.login)}`;
  const html = v.state.settings.htmlUrl;
  return {
    login: u.login,
    id: u.id,
    node_id: nodeId(u.type === 'Bot' ? 'BOT' : 'U', u.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${u.id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url: u.type === 'Bot' ? `${html}/apps/${u.login.replace(/\[bot\]$/, '')}` : `${html}/${u.login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: u.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

const REPO_TEMPLATES: Record<string, string> = {
  archive_url: '/{archive_format}{/ref}', assignees_url: '/assignees{/user}', blobs_url: '/git/blobs{/sha}',
  branches_url: '/branches{/branch}', collaborators_url: '/collaborators{/collaborator}', comments_url: '/comments{/number}',
  commits_url: '/commits{/sha}', compare_url: '/compare/{base}...{head}', contents_url: '/contents/{+path}',
  contributors_url: '/contributors', deployments_url: '/deployments', downloads_url: '/downloads', events_url: '/events',
  forks_url: '/forks', git_commits_url: '/git/commits{/sha}', git_refs_url: '/git/refs{/sha}', git_tags_url: '/git/tags{/sha}',
  hooks_url: '/hooks', issue_comment_url: '/issues/comments{/number}', issue_events_url: '/issues/events{/number}',
  issues_url: '/issues{/number}', keys_url: '/keys{/key_id}', labels_url: '/labels{/name}', languages_url: '/languages',
  merges_url: '/merges', milestones_url: '/milestones{/number}', notifications_url: '/notifications{?since,all,participating}',
  pulls_url: '/pulls{/number}', releases_url: '/releases{/id}', stargazers_url: '/stargazers', statuses_url: '/statuses/{sha}',
  subscribers_url: '/subscribers', subscription_url: '/subscription', tags_url: '/tags', teams_url: '/teams',
  trees_url: '/git/trees{/sha}',
};

export interface RepoShape {
  id: number;
  owner: UserRecord;
  name: string;
  private: boolean;
  fork: boolean;
  defaultBranch: string;
  createdAt: string;
}

/** Serves `full-repository`, `repository` and `minimal-repository`: extra fields are allowed. */
export function repoView(v: ViewContext, r: RepoShape, openIssues = 0): Record<string, unknown> {
  const full = `${r.owner.login}/${r.name}`;
  const api = `${v.apiUrl}/repos/${full}`;
  const html = `${v.state.settings.htmlUrl}/${full}`;
  const urls = Object.fromEntries(Object.entries(REPO_TEMPLATES).map(([k, t]) => [k, api + t]));
  const host = new URL(v.state.settings.htmlUrl).host;
  return {
    id: r.id,
    node_id: nodeId('R', r.id),
    name: r.name,
    full_name: full,
    private: r.private,
    owner: userView(v, r.owner),
    html_url: html,
    description: null,
    fork: r.fork,
    url: api,
    ...urls,
    created_at: r.createdAt,
    updated_at: r.createdAt,
    pushed_at: r.createdAt,
    git_url: `git://${host}/${full}.git`,
    ssh_url: `git@${host}:${full}.git`,
    clone_url: `${html}.git`,
    svn_url: html,
    homepage: null,
    size: 0,
    stargazers_count: 0,
    watchers_count: 0,
    language: null,
    has_issues: true,
    has_projects: true,
    has_downloads: true,
    has_wiki: true,
    has_pages: false,
    has_discussions: false,
    forks_count: 0,
    mirror_url: null,
    archived: false,
    disabled: false,
    open_issues_count: openIssues,
    license: null,
    allow_forking: true,
    is_template: false,
    web_commit_signoff_required: false,
    topics: [],
    visibility: r.private ? 'private' : 'public',
    forks: 0,
    open_issues: openIssues,
    watchers: 0,
    default_branch: r.defaultBranch,
    network_count: 0,
    subscribers_count: 0,
  };
}

export function repoRecordView(v: ViewContext, repo: RepoRecord): Record<string, unknown> {
  const open = [...repo.issues.values()].filter((i) => i.state === 'open').length;
  return repoView(v, { ...repo, name: repo.name }, open);
}

export function labelView(v: ViewContext, repo: RepoRecord, l: LabelRecord): Record<string, unknown> {
  return {
    id: l.id,
    node_id: nodeId('LA', l.id),
    url: `${v.apiUrl}/repos/${repo.fullName}/labels/${encodeURIComponent(l.name)}`,
    name: l.name,
    description: l.description,
    color: l.color,
    default: l.default,
  };
}

const reactions = (url: string): Record<string, unknown> => ({
  url: `${url}/reactions`, total_count: 0, '+1': 0, '-1': 0, laugh: 0, hooray: 0, confused: 0, heart: 0, rocket: 0, eyes: 0,
});

export function issueView(v: ViewContext, repo: RepoRecord, i: IssueRecord): Record<string, unknown> {
  const api = `${v.apiUrl}/repos/${repo.fullName}/issues/${i.number}`;
  const html = `${v.state.settings.htmlUrl}/${repo.fullName}/${i.pull ? 'pull' : 'issues'}/${i.number}`;
  const comments = [...repo.comments.values()].filter((c) => c.issueNumber === i.number).length;
  const view: Record<string, unknown> = {
    id: i.id,
    node_id: nodeId(i.pull ? 'PR' : 'I', i.id),
    url: api,
    repository_url: `${v.apiUrl}/repos/${repo.fullName}`,
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    html_url: html,
    number: i.number,
    state: i.state,
    state_reason: i.stateReason,
    title: i.title,
    body: i.body,
    user: userView(v, i.user),
    labels: i.labels.map((n) => labelView(v, repo, v.state.ensureLabel(repo, n))),
    assignee: i.assignees[0] ? userView(v, i.assignees[0]) : null,
    assignees: i.assignees.map((a) => userView(v, a)),
    milestone: null,
    locked: i.locked,
    active_lock_reason: null,
    comments,
    closed_at: i.closedAt,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    closed_by: null,
    author_association: i.authorAssociation,
    timeline_url: `${api}/timeline`,
    performed_via_github_app: null,
    reactions: reactions(api),
  };
  if (i.pull) {
    const pr = `${v.apiUrl}/repos/${repo.fullName}/pulls/${i.number}`;
    view.draft = i.pull.draft;
    view.pull_request = { url: pr, html_url: html, diff_url: `${html}.diff`, patch_url: `${html}.patch`, merged_at: null };
  }
  return view;
}

export function commentView(v: ViewContext, repo: RepoRecord, c: CommentRecord): Record<string, unknown> {
  const issue = repo.issues.get(c.issueNumber);
  const kind = issue?.pull ? 'pull' : 'issues';
  const url = `${v.apiUrl}/repos/${repo.fullName}/issues/comments/${c.id}`;
  return {
    id: c.id,
    node_id: nodeId('IC', c.id),
    url,
    html_url: `${v.state.settings.htmlUrl}/${repo.fullName}/${kind}/${c.issueNumber}#issuecomment-${c.id}`,
    body: c.body,
    user: userView(v, c.user),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    issue_url: `${v.apiUrl}/repos/${repo.fullName}/issues/${c.issueNumber}`,
    author_association: c.authorAssociation,
    performed_via_github_app: null,
    reactions: reactions(url),
  };
}
