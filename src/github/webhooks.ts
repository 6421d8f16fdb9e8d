// POST /api/github/webhooks: verify, validate, claim, enqueue, answer. Nothing slow happens before
// the answer (GitHub waits 10 s and does not retry): the queue worker does the rest.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Webhooks } from '@octokit/webhooks';
import { z } from 'zod';
import type { Config } from '../config/schema.js';
import type { Logger } from '../log.js';
import { clearsPrComment, triage, type RunFacts } from '../policy/decide.js';
import type { Store } from '../store/types.js';
import type { FailedRunJob } from '../flows/failed-run.js';
import { toRun } from './client.js';

const MAX_BODY = 25 * 1024 * 1024; // GitHub caps payloads at 25 MB

const WorkflowRunPayload = z.object({
  action: z.string(),
  installation: z.object({ id: z.number().int() }),
  repository: z.object({ full_name: z.string().regex(/^[^/]+\/[^/]+$/), default_branch: z.string() }),
  workflow_run: z.object({
    id: z.number().int(),
    run_attempt: z.number().int().optional(),
    name: z.string().nullable(),
    workflow_id: z.number().int(),
    head_branch: z.string().nullable(),
    head_sha: z.string(),
    event: z.string(),
    conclusion: z.string().nullable(),
    html_url: z.string(),
    repository: z.object({ full_name: z.string() }).passthrough(),
    head_repository: z.object({ full_name: z.string() }).passthrough().nullable().optional(),
    pull_requests: z.array(z.object({ number: z.number().int() }).passthrough()),
  }).passthrough(),
}).passthrough();

export interface WebhookDeps {
  webhooks: Webhooks;
  store: Store;
  config: Config;
  logger: Logger;
  now: () => Date;
  /** Wakes the worker after something was queued. */
  kick: () => void;
}

function reply(res: ServerResponse, status: number, body: string) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(body + '\n');
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function runFacts(payload: z.infer<typeof WorkflowRunPayload>): RunFacts {
  const run = toRun(payload.workflow_run as Record<string, unknown>);
  return {
    repo: payload.repository.full_name,
    defaultBranch: payload.repository.default_branch,
    headBranch: run.headBranch,
    event: run.event,
    conclusion: run.conclusion,
    workflowName: run.name,
    fromFork: run.fromFork,
    actor: run.actor,
    pullRequests: run.pullRequests.map((p) => p.number),
  };
}

async function onWorkflowRun(deps: WebhookDeps, delivery: string, raw: unknown): Promise<[number, string]> {
  const parsed = WorkflowRunPayload.safeParse(raw);
  if (!parsed.success) return [400, `invalid workflow_run payload: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`];
  const p = parsed.data;
  if (!(await deps.store.claimDelivery(delivery, 'workflow_run', deps.now()))) return [200, 'already received'];
  if (p.action !== 'completed') return [200, `ignored: action ${p.action}`];
  const facts = runFacts(p);
  const t = triage(facts, deps.config);
  const audit = { at: deps.now().toISOString(), repo: facts.repo, delivery, runId: p.workflow_run.id, reason: t.reason, rule: t.rule };
  const attemptNo = p.workflow_run.run_attempt ?? 1;
  if (!t.act && clearsPrComment(facts, deps.config)) {
    const job: FailedRunJob = { repo: facts.repo, installationId: p.installation.id, runId: p.workflow_run.id, runAttempt: attemptNo, delivery, facts, scope: 'pr_comment' };
    if (await deps.store.enqueue({ kind: 'pr-passed', key: `passed:${facts.repo}:${job.runId}:${attemptNo}`, payload: job })) deps.kick();
    return [202, 'queued: a passing pull request run may update the diagnosis comment'];
  }
  if (!t.act) {
    await deps.store.audit({ ...audit, action: 'run.ignored' });
    return [200, `ignored: ${t.reason}`];
  }
  const attempt = p.workflow_run.run_attempt ?? 1;
  const job: FailedRunJob = { repo: facts.repo, installationId: p.installation.id, runId: p.workflow_run.id, runAttempt: attempt, delivery, facts, scope: t.scope };
  // A second delivery of the same (repo, run, attempt) is a no-op, whatever its delivery id.
  const added = await deps.store.enqueue({ kind: 'failed-run', key: `run:${facts.repo}:${job.runId}:${attempt}`, payload: job });
  await deps.store.audit({ ...audit, action: added ? 'run.queued' : 'run.duplicate', reason: added ? t.reason : 'this run attempt is already queued or done' });
  if (added) deps.kick();
  return [202, added ? 'queued' : 'duplicate run attempt'];
}

export function githubWebhookHandler(deps: WebhookDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const name = req.headers['x-github-event'];
      const delivery = req.headers['x-github-delivery'];
      const signature = req.headers['x-hub-signature-256'];
      if (typeof signature !== 'string' || !signature) return reply(res, 401, 'missing x-hub-signature-256');
      if (typeof name !== 'string' || typeof delivery !== 'string' || !name || !delivery) return reply(res, 400, 'missing x-github-event or x-github-delivery');
      const body = await readBody(req);
      if (body === null) return reply(res, 413, 'payload too large');
      if (!(await deps.webhooks.verify(body, signature))) {
        deps.logger.warn({ delivery, event: name }, 'webhook signature mismatch');
        return reply(res, 401, 'signature does not match');
      }
      let payload: unknown;
      try {
        payload = JSON.parse(body);
      } catch (err) {
        return reply(res, 400, `payload is not JSON: ${(err as Error).message}`);
      }
      if (name === 'workflow_run') {
        const [status, text] = await onWorkflowRun(deps, delivery, payload);
        return reply(res, status, text);
      }
      return reply(res, 200, `ignored: event ${name}`);
    } catch (err) {
      deps.logger.error({ err }, 'webhook handling failed');
      return reply(res, 500, 'internal error');
    }
  };
}
