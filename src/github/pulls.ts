// A draft PR from a proposal: branch off the failing commit, one commit (the workflow edit, or
// an empty commit: never a placeholder file in the user's tree), then the PR and its labels.
// Every step first looks for what a previous, interrupted attempt left behind.
import type { Octokit } from '@octokit/core';
import type { DraftPrRequest } from '../flows/ports.js';

type Kit = InstanceType<typeof Octokit>;
type Repo = { owner: string; repo: string };

function status(err: unknown): number | undefined {
  return (err as { status?: number }).status;
}

async function branchSha(kit: Kit, r: Repo, branch: string): Promise<string | null> {
  try {
    const { data } = await kit.request('GET /repos/{owner}/{repo}/git/ref/{ref}', { ...r, ref: `heads/${branch}` });
    return data.object.sha;
  } catch (err) {
    if (status(err) === 404) return null;
    throw err;
  }
}

async function commit(kit: Kit, r: Repo, req: DraftPrRequest): Promise<string> {
  const { data: base } = await kit.request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', { ...r, commit_sha: req.baseSha });
  let tree = base.tree.sha;
  if (req.edit) {
    const { data } = await kit.request('POST /repos/{owner}/{repo}/git/trees', {
      ...r, base_tree: tree, tree: [{ path: req.edit.path, mode: '100644', type: 'blob', content: req.edit.content }],
    });
    tree = data.sha;
  }
  const { data } = await kit.request('POST /repos/{owner}/{repo}/git/commits', { ...r, message: req.commitMessage, tree, parents: [req.baseSha] });
  return data.sha;
}

export async function createDraftPr(kit: Kit, r: Repo, req: DraftPrRequest): Promise<{ number: number; htmlUrl: string }> {
  const existing = await kit.request('GET /repos/{owner}/{repo}/pulls', { ...r, head: `${r.owner}:${req.branch}`, state: 'open', per_page: 1 });
  const open = existing.data[0];
  if (open) return { number: open.number, htmlUrl: open.html_url };

  if (!(await branchSha(kit, r, req.branch))) {
    const sha = await commit(kit, r, req);
    try {
      await kit.request('POST /repos/{owner}/{repo}/git/refs', { ...r, ref: `refs/heads/${req.branch}`, sha });
    } catch (err) {
      if (status(err) !== 422) throw err; // another attempt created it meanwhile: use that one
    }
  }
  const { data: pr } = await kit.request('POST /repos/{owner}/{repo}/pulls', {
    ...r, title: req.title, head: req.branch, base: req.base, body: req.body, draft: req.draft,
  });
  if (req.labels.length > 0) {
    await kit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', { ...r, issue_number: pr.number, labels: req.labels });
  }
  return { number: pr.number, htmlUrl: pr.html_url };
}
