// `autofix analyze PATH... [--json]` and the seed's form
// `autofix analyze --run-id ID --workflow-name NAME --logs-dir DIR --output FILE`.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { analyzeStream, buildBaseline, type Analysis } from '../analysis/index.js';
import type { Rule } from '../analysis/rules/index.js';
import { baselineFromFile, resolveInput, InputError, type JobInput } from '../logs/inputs.js';
import { formatAnalysis } from './format.js';
import type { Io } from './io.js';

export const ANALYZE_HELP = `Usage: autofix analyze PATH... [--json] [--baseline FILE] [--config FILE]
       autofix analyze --run-id ID --workflow-name NAME --logs-dir DIR --output FILE

Diagnoses failed GitHub Actions jobs. PATH is a job log (as GET .../actions/jobs/{id}/logs
serves it), a folder as the run-logs zip unpacks (N_job.txt files, or job folders of
per-step files), a case folder (job.txt, optional last-success.txt and run.json), or the
run-logs .zip itself.

Options:
  --json           one JSON object per PATH, in order, one per line (JSON Lines)
  --baseline FILE  log of the last successful run of the same job: lines found there count little
                   (a last-success.txt beside job.txt is used automatically)
  --no-baseline    ignore last-success.txt files
  --config FILE    config file whose extra rules are used (default: config/autofix.yml if present)
  --run-id, --workflow-name, --logs-dir, --output
                   the seed's form: analyze DIR and write one JSON object to FILE

Exit codes: 0 analyzed, 2 an input is missing, unreadable, empty or binary (one line each on stderr).`;

interface AnalyzeFlags {
  json: boolean;
  baseline?: string;
  noBaseline?: boolean;
  rules: Rule[];
  runId?: string;
  workflowName?: string;
}

async function analyzeJob(job: JobInput, flags: AnalyzeFlags): Promise<Analysis> {
  const base = flags.baseline ? baselineFromFile(flags.baseline) : flags.noBaseline ? undefined : job.baseline;
  const baseline = base ? await buildBaseline(base()) : null;
  const meta = { ...job.meta, job_name: job.meta?.job_name ?? job.name };
  if (flags.runId) meta.run_id = flags.runId;
  if (flags.workflowName) meta.workflow_name = flags.workflowName;
  return analyzeStream(job.open(), { meta, baseline, rules: flags.rules });
}

/** A run has several jobs; the one that failed first (or said most) stands for the PATH. */
function primary(results: Analysis[]): Analysis & { other_jobs?: unknown[] } {
  const failed = results.filter((a) => (a.exit_code !== null && a.exit_code !== 0) || a.errors.length > 0);
  const main = failed[0] ?? results[0]!;
  const others = failed.filter((a) => a !== main);
  if (others.length === 0) return main;
  return { ...main, other_jobs: others.map((a) => ({ job: a.job, step: a.step, category: a.category, root_cause: a.root_cause, fingerprint: a.fingerprint })) };
}

export async function analyzePath(path: string, flags: AnalyzeFlags): Promise<Analysis> {
  const jobs = await resolveInput(path);
  const results: Analysis[] = [];
  for (const job of jobs) results.push(await analyzeJob(job, flags));
  return primary(results);
}

async function extraRules(path: string | undefined, io: Io): Promise<Rule[]> {
  const file = path ?? (io.exists('config/autofix.yml') ? 'config/autofix.yml' : undefined);
  if (!file) return [];
  // Loaded lazily: zod and the YAML parser are not needed when there is no config.
  const [{ loadConfig }, { rulesFromConfig }] = await Promise.all([import('../config/load.js'), import('../config/rules.js')]);
  return rulesFromConfig(await loadConfig(file));
}

export async function analyzeCommand(args: string[], io: Io): Promise<number> {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        baseline: { type: 'string' },
        'no-baseline': { type: 'boolean', default: false },
        config: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        'run-id': { type: 'string' },
        'workflow-name': { type: 'string' },
        'logs-dir': { type: 'string' },
        output: { type: 'string' },
      },
    }));
  } catch (err) {
    io.stderr(`autofix analyze: ${(err as Error).message}\n${ANALYZE_HELP}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(ANALYZE_HELP + '\n');
    return 0;
  }
  const paths = values['logs-dir'] ? [values['logs-dir'], ...positionals] : positionals;
  if (paths.length === 0) {
    io.stderr(`autofix analyze: no PATH given\n${ANALYZE_HELP}\n`);
    return 2;
  }
  const flags: AnalyzeFlags = {
    json: values.json || values.output !== undefined,
    baseline: values.baseline,
    noBaseline: values['no-baseline'],
    rules: await extraRules(values.config, io),
    runId: values['run-id'],
    workflowName: values['workflow-name'],
  };
  let code = 0;
  const outputs: string[] = [];
  for (const path of paths) {
    try {
      const a = await analyzePath(path, flags);
      if (values.output) outputs.push(JSON.stringify(a, null, 2));
      else io.stdout(flags.json ? JSON.stringify(a) + '\n' : formatAnalysis(path, a) + '\n');
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      code = 2;
      io.stderr(`autofix analyze: ${err.message}\n`);
      if (flags.json && !values.output) io.stdout(JSON.stringify({ path, error: err.message }) + '\n');
    }
  }
  if (values.output && outputs.length > 0) await writeFile(values.output, outputs.join('\n') + '\n');
  return code;
}
