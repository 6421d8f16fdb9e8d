// Downloads and analyzes the failed jobs of a run, each against the log of the same job in the
// last green run of the workflow on the same branch (downloaded once, cached per job).
import { analyzeStream, buildBaseline, type Analysis } from '../analysis/index.js';
import type { Rule } from '../analysis/rules/index.js';
import type { Logger } from '../log.js';
import type { GitHubPort, JobInfo, RunInfo } from './ports.js';

export interface AnalyzedJob {
  job: JobInfo;
  analysis: Analysis;
}

/** Baselines by repo/workflow/branch/job, so a burst of failures downloads each green log once. */
export class BaselineCache {
  private readonly entries = new Map<string, { at: number; value: Promise<Set<string> | null> }>();

  constructor(private readonly ttlMs = 30 * 60_000, private readonly max = 200) {}

  get(key: string, now: number, load: () => Promise<Set<string> | null>): Promise<Set<string> | null> {
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    const value = load().catch(() => null);
    this.entries.set(key, { at: now, value });
    return value;
  }
}

export interface AnalyzeRunDeps {
  github: GitHubPort;
  logger: Logger;
  rules: readonly Rule[];
  maxBytes: number;
  baselines: BaselineCache | null;
  now: () => Date;
}

async function baselineFor(deps: AnalyzeRunDeps, run: RunInfo, job: JobInfo, branch: string | null): Promise<Set<string> | null> {
  if (!deps.baselines || !branch) return null;
  const key = `${deps.github.repo}:${run.workflowId}:${branch}:${job.name}`;
  return deps.baselines.get(key, deps.now().getTime(), async () => {
    const green = await deps.github.lastSuccessfulRun(run.workflowId, branch, run.id);
    if (!green) return null;
    // Matrix jobs carry their matrix values in the name, so the same name is the same job.
    const twin = (await deps.github.listJobs(green.id)).find((j) => j.name === job.name && j.conclusion === 'success');
    if (!twin) return null;
    const log = await deps.github.openJobLog(twin.id, Math.min(deps.maxBytes, 32 * 1024 * 1024));
    return buildBaseline(log.chunks);
  });
}

export async function analyzeRun(deps: AnalyzeRunDeps, run: RunInfo, jobs: JobInfo[], baseBranch: string | null): Promise<AnalyzedJob[]> {
  const out: AnalyzedJob[] = [];
  for (const job of jobs) {
    // A PR branch rarely has a green run of its own: compare with its base branch then.
    const baseline = (await baselineFor(deps, run, job, run.headBranch)) ?? (baseBranch ? await baselineFor(deps, run, job, baseBranch) : null);
    const log = await deps.github.openJobLog(job.id, deps.maxBytes);
    const failedStep = job.steps.find((s) => s.conclusion === 'failure')?.name ?? null;
    const analysis = await analyzeStream(log.chunks, {
      meta: { run_id: run.id, workflow_name: run.name, job_name: job.name, failed_step: failedStep, steps: job.steps },
      baseline,
      rules: deps.rules,
    });
    if (log.truncated()) analysis.notes.push(`the job log is larger than ${deps.maxBytes} bytes; only its first part was analyzed`);
    deps.logger.info({ job: job.name, category: analysis.category, confidence: analysis.fix_confidence, fingerprint: analysis.fingerprint }, 'job analyzed');
    out.push({ job, analysis });
  }
  return out;
}
