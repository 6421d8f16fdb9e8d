// App-level endpoints, reachable only with the app JWT.
import { body, GitHubError, intParam, notFound, ok, type Handler, type HandlerContext } from '../http.js';
import { userView } from '../views.js';

const PERMISSIONS = { actions: 'read', contents: 'write', issues: 'write', metadata: 'read', pull_requests: 'write' };

function installationView(ctx: HandlerContext, id: number): Record<string, unknown> {
  const repos = [...ctx.state.repos.values()].filter((r) => r.installationId === id);
  const account = repos[0]?.owner ?? ctx.state.user('unknown-owner');
  const ts = repos[0]?.createdAt ?? new Date(0).toISOString();
  return {
    id,
    account: userView(ctx, account),
    access_tokens_url: `${ctx.apiUrl}/app/installations/${id}/access_tokens`,
    repositories_url: `${ctx.apiUrl}/installation/repositories`,
    html_url: `${ctx.state.settings.htmlUrl}/settings/installations/${id}`,
    app_id: ctx.state.settings.appId ?? 1,
    app_slug: ctx.state.settings.appSlug,
    target_id: account.id,
    target_type: account.type === 'Organization' ? 'Organization' : 'User',
    permissions: PERMISSIONS,
    events: ['issue_comment', 'workflow_run'],
    created_at: ts,
    updated_at: ts,
    single_file_name: null,
    repository_selection: 'selected',
    suspended_by: null,
    suspended_at: null,
  };
}

const createToken: Handler = (ctx) => {
  const id = intParam(ctx, 'installation_id');
  if (!ctx.state.installations.has(id)) throw notFound();
  const b = body<{ repositories: string[]; repository_ids: number[] }>(ctx);
  const mine = [...ctx.state.repos.values()].filter((r) => r.installationId === id);
  let names = b.repositories;
  if (b.repository_ids) {
    names = [...(names ?? []), ...b.repository_ids.map((rid) => mine.find((r) => r.id === rid)?.name ?? `#${rid}`)];
  }
  if (names?.some((n) => !mine.some((r) => r.name.toLowerCase() === n.toLowerCase()))) {
    throw new GitHubError(422, 'There is at least one repository that does not exist or is not accessible to the parent installation.');
  }
  const { token, expiresAt } = ctx.state.tokens.issue(id, names);
  return ok(
    {
      token,
      expires_at: expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      permissions: PERMISSIONS,
      repository_selection: names ? 'selected' : 'all',
    },
    201,
  );
};

const getRepoInstallation: Handler = (ctx) => {
  const repo = ctx.state.findRepo(`${ctx.params.owner}/${ctx.params.repo}`);
  if (!repo) throw notFound();
  return ok(installationView(ctx, repo.installationId));
};

export const appHandlers: Record<string, Handler> = {
  'apps/create-installation-access-token': createToken,
  'apps/get-repo-installation': getRepoInstallation,
};
