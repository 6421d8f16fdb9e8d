// The one diagnosis comment on a pull request. The latest run of each workflow is what counts:
// its failures replace that workflow's earlier ones, and a passing run removes them.
import type { Analysis } from '../analysis/index.js';
import { prCommentBody, PR_COMMENT_MARKER, type PrFailure } from '../proposal/index.js';
import type { AnalyzedJob } from './analyze-run.js';
import type { auditor, FlowDeps } from './failed-run.js';
import type { RunInfo } from './ports.js';

/** What the comment needs of an analysis; keeps the stored state small. */
function slim(a: Analysis): Analysis {
  return { ...a, errors: [], log_snippets: [], patterns_found: [], notes: [] };
}

export async function refreshPrComments(deps: FlowDeps, run: RunInfo, analyzed: AnalyzedJob[], audit: ReturnType<typeof auditor>): Promise<void> {
  const fresh: PrFailure[] = analyzed.map((a) => ({ workflow: run.name, runUrl: run.htmlUrl, jobUrl: a.job.htmlUrl, analysis: slim(a.analysis) }));
  for (const pr of run.pullRequests) {
    const key = `pr-diagnosis:${deps.github.repo}#${pr.number}`;
    const prev = await deps.store.getAction(key);
    const before = (prev?.data as { failures?: PrFailure[] } | undefined)?.failures ?? [];
    const kept = before.filter((f) => f.workflow !== run.name);
    // A passing run of a PR the bot never commented on needs no comment.
    if (fresh.length === 0 && kept.length === before.length) continue;
    const failures = [...kept, ...fresh];
    const body = prCommentBody(failures, deps.now().toISOString());
    const { id, created } = await deps.github.upsertComment(pr.number, PR_COMMENT_MARKER, body);
    await deps.store.putAction({ key, kind: 'pr-diagnosis', ref: { id }, data: { failures }, at: deps.now().toISOString() });
    const what = fresh.length === 0 ? `${run.name} passes now` : `${failures.length} failed job(s)`;
    await audit(created ? 'pr_comment.created' : 'pr_comment.updated', `diagnosis comment on #${pr.number}: ${what}`, { rule: 'pull_requests' });
  }
}
