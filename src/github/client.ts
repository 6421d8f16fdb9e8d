// GitHubPort for one repository of one installation, on the REST API through Octokit.
import type { Octokit } from '@octokit/core';
import type { DraftPrRequest, GitHubPort, IssueInfo, JobInfo, LogStream, RunInfo } from '../flows/ports.js';
import { createDraftPr } from './pulls.js';

type Kit = InstanceType<typeof Octokit>;
type Obj = Record<string, unknown>;

const COPILOT_LOGIN = 'copilot-swe-agent[bot]';

export function toRun(r: Obj): RunInfo {
  const repo = r.repository as Obj | undefined;
  const head = r.head_repository as Obj | undefined;
  const actor = (r.triggering_actor ?? r.actor) as Obj | undefined;
  return {
    id: r.id as number,
    attempt: (r.run_attempt as number | undefined) ?? 1,
    name: (r.name as string | null) ?? 'workflow',
    workflowId: r.workflow_id as number,
    path: ((r.path as string | undefined) ?? '').replace(/@.*$/, ''),
    headBranch: (r.head_branch as string | null) ?? null,
    headSha: r.head_sha as string,
    event: r.event as string,
    status: (r.status as string | null) ?? null,
    conclusion: (r.conclusion as string | null) ?? null,
    htmlUrl: r.html_url as string,
    fromFork: Boolean(head && repo && head.full_name !== repo.full_name) || Boolean(head?.fork && head.full_name !== repo?.full_name),
    actor: (actor?.login as string | undefined) ?? null,
    pullRequests: ((r.pull_requests as Obj[] | undefined) ?? []).map((p) => ({ number: p.number as number, baseRef: ((p.base as Obj | undefined)?.ref as string) ?? '' })),
  };
}

function toJob(j: Obj): JobInfo {
  return {
    id: j.id as number,
    name: j.name as string,
    conclusion: (j.conclusion as string | null) ?? null,
    htmlUrl: (j.html_url as string | null) ?? null,
    steps: ((j.steps as Obj[] | undefined) ?? []).map((s) => ({ number: s.number as number, name: s.name as string, conclusion: (s.conclusion as string | null) ?? null })),
  };
}

function toIssue(i: Obj): IssueInfo {
  return {
    number: i.number as number,
    state: i.state === 'closed' ? 'closed' : 'open',
    stateReason: (i.state_reason as string | null | undefined) ?? null,
    body: (i.body as string | null) ?? '',
    htmlUrl: i.html_url as string,
  };
}

function status(err: unknown): number | undefined {
  return (err as { status?: number }).status;
}

export class GitHubClient implements GitHubPort {
  readonly repo: string;
  private readonly owner: string;
  private readonly name: string;
  private defaultBranchCache: string | null = null;

  constructor(private readonly kit: Kit, repo: string, private readonly userKit: Kit | null = null) {
    this.repo = repo;
    [this.owner, this.name] = repo.split('/') as [string, string];
  }

  private get r() {
    return { owner: this.owner, repo: this.name };
  }

  async defaultBranch(): Promise<string> {
    if (!this.defaultBranchCache) {
      const { data } = await this.kit.request('GET /repos/{owner}/{repo}', this.r);
      this.defaultBranchCache = data.default_branch;
    }
    return this.defaultBranchCache;
  }

  async getRun(runId: number): Promise<RunInfo> {
    const { data } = await this.kit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}', { ...this.r, run_id: runId });
    return toRun(data as unknown as Obj);
  }

  async listJobs(runId: number): Promise<JobInfo[]> {
    const { data } = await this.kit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs', { ...this.r, run_id: runId, filter: 'latest', per_page: 100 });
    return data.jobs.map((j) => toJob(j as unknown as Obj));
  }

  /** The failed jobs of one attempt: a later attempt may have passed since (a flaky failure). */
  async listFailedJobs(runId: number, attempt: number): Promise<JobInfo[]> {
    const { data } = await this.kit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs', { ...this.r, run_id: runId, attempt_number: attempt, per_page: 100 });
    return data.jobs.map((j) => toJob(j as unknown as Obj)).filter((j) => j.conclusion === 'failure' || j.conclusion === 'timed_out');
  }

  async openJobLog(jobId: number, maxBytes: number): Promise<LogStream> {
    // Octokit follows the 302 to the short-lived log URL; the body is streamed, not buffered.
    const res = await this.kit.request('GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs', {
      ...this.r, job_id: jobId, request: { parseSuccessResponseBody: false },
    });
    const body = res.data as unknown as ReadableStream<Uint8Array>;
    let truncated = false;
    async function* chunks(): AsyncIterable<Buffer> {
      let read = 0;
      const reader = body.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          const buf = Buffer.from(value);
          if (read + buf.length > maxBytes) {
            truncated = true;
            yield buf.subarray(0, maxBytes - read);
            return;
          }
          read += buf.length;
          yield buf;
        }
      } finally {
        await reader.cancel().catch(() => {});
      }
    }
    return { chunks: chunks(), truncated: () => truncated };
  }

  async lastSuccessfulRun(workflowId: number, branch: string, exceptRunId: number): Promise<RunInfo | null> {
    const { data } = await this.kit.request('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', {
      ...this.r, workflow_id: workflowId, branch, status: 'success', per_page: 5,
    });
    const run = data.workflow_runs.find((r) => r.id !== exceptRunId);
    return run ? toRun(run as unknown as Obj) : null;
  }

  async getFile(path: string, ref: string): Promise<string | null> {
    try {
      const { data } = await this.kit.request('GET /repos/{owner}/{repo}/contents/{path}', { ...this.r, path, ref });
      const file = data as { type?: string; content?: string; encoding?: string };
      if (file.type !== 'file' || typeof file.content !== 'string') return null;
      return Buffer.from(file.content, 'base64').toString('utf8');
    } catch (err) {
      if (status(err) === 404) return null;
      throw err;
    }
  }

  async findIssueByMarker(marker: string, label: string): Promise<IssueInfo | null> {
    // Listing by our label is exact and immediate; the search API lags behind new issues.
    for (let page = 1; page <= 10; page++) {
      const { data } = await this.kit.request('GET /repos/{owner}/{repo}/issues', { ...this.r, labels: label, state: 'all', per_page: 100, page, sort: 'created', direction: 'desc' });
      const hit = data.find((i) => !i.pull_request && (i.body ?? '').includes(marker));
      if (hit) return toIssue(hit as unknown as Obj);
      if (data.length < 100) return null;
    }
    return null;
  }

  async getIssue(issueNumber: number): Promise<IssueInfo> {
    const { data } = await this.kit.request('GET /repos/{owner}/{repo}/issues/{issue_number}', { ...this.r, issue_number: issueNumber });
    return toIssue(data as unknown as Obj);
  }

  async createIssue(issue: { title: string; body: string; labels: string[] }): Promise<IssueInfo> {
    const create = async (retries?: number) => {
      const { data } = await this.kit.request('POST /repos/{owner}/{repo}/issues', { ...this.r, ...issue, ...(retries === 0 ? { request: { retries: 0 } } : {}) });
      return toIssue(data as unknown as Obj);
    };
    try {
      return await create(0);
    } catch (err) {
      const code = status(err);
      if (code !== undefined && code < 500) throw err;
      // GitHub can answer 5xx after it created the issue: look for it before trying again.
      const marker = /<!-- autofix:fingerprint=[\w:.]+ -->/.exec(issue.body)?.[0];
      const found = marker && issue.labels[0] ? await this.findIssueByMarker(marker, issue.labels[0]) : null;
      return found ?? create();
    }
  }

  async updateIssueBody(issueNumber: number, body: string): Promise<void> {
    await this.kit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { ...this.r, issue_number: issueNumber, body });
  }

  async ensureLabels(names: string[]): Promise<void> {
    for (const name of new Set(names)) {
      try {
        await this.kit.request('GET /repos/{owner}/{repo}/labels/{name}', { ...this.r, name });
      } catch (err) {
        if (status(err) !== 404) throw err;
        try {
          await this.kit.request('POST /repos/{owner}/{repo}/labels', { ...this.r, name, color: name.startsWith('ci:') ? 'd93f0b' : '0e8a16' });
        } catch (e) {
          if (status(e) !== 422) throw e; // created meanwhile by another worker
        }
      }
    }
  }

  async findPullByBranch(branch: string) {
    const { data } = await this.kit.request('GET /repos/{owner}/{repo}/pulls', { ...this.r, head: `${this.owner}:${branch}`, state: 'all', per_page: 10 });
    const pr = data[0];
    return pr ? { number: pr.number, state: pr.state, htmlUrl: pr.html_url } : null;
  }

  createDraftPr(req: DraftPrRequest) {
    return createDraftPr(this.kit, this.r, req);
  }

  async upsertComment(issueNumber: number, marker: string, body: string): Promise<{ id: number; created: boolean }> {
    for (let page = 1; page <= 10; page++) {
      const { data } = await this.kit.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...this.r, issue_number: issueNumber, per_page: 100, page });
      const mine = data.find((c) => (c.body ?? '').includes(marker));
      if (mine) {
        if (mine.body !== body) await this.kit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { ...this.r, comment_id: mine.id, body });
        return { id: Number(mine.id), created: false };
      }
      if (data.length < 100) break;
    }
    return { id: (await this.createComment(issueNumber, body)).id, created: true };
  }

  async createComment(issueNumber: number, body: string): Promise<{ id: number }> {
    const { data } = await this.kit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...this.r, issue_number: issueNumber, body });
    return { id: Number(data.id) };
  }

  async assignCopilot(issueNumber: number, opts: { baseBranch: string; instructions: string }): Promise<boolean> {
    if (!this.userKit) return false;
    // `agent_assignment` is GitHub's documented extension (changelog 2025-12-03) that the OpenAPI
    // description does not list yet; it needs a user token, not an installation token.
    await this.userKit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/assignees', {
      ...this.r,
      issue_number: issueNumber,
      assignees: [COPILOT_LOGIN],
      agent_assignment: { target_repo: this.repo, base_branch: opts.baseBranch, custom_instructions: opts.instructions, custom_agent: '', model: '' },
    } as never);
    return true;
  }
}
