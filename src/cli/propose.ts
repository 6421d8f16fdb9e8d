// `autofix propose --analysis FILE [--workflow FILE]`: what the bot would open for an analysis.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Analysis } from '../analysis/index.js';
import { defaultConfig } from '../config/schema.js';
import { loadConfig } from '../config/load.js';
import { propose } from '../proposal/index.js';
import type { Io } from './io.js';

export const PROPOSE_HELP = `Usage: autofix propose --analysis FILE [--workflow FILE] [--repo OWNER/NAME] [--config FILE] [--markdown]

Turns an analysis (a JSON object from 'autofix analyze --json') into the fix proposal the
bot would open: branch, issue and PR titles, bodies and labels, and, when --workflow is
given and a mechanical fix exists, the edited workflow file. Prints JSON, or with
--markdown the issue and PR bodies.`;

async function readText(path: string, what: string, io: Io): Promise<string | null> {
  try {
    const text = await readFile(path, 'utf8');
    if (text.trim() === '') {
      io.stderr(`autofix propose: ${path}: the ${what} file is empty\n`);
      return null;
    }
    return text;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    io.stderr(`autofix propose: ${path}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code})`}\n`);
    return null;
  }
}

function parseAnalysis(text: string): Analysis | string {
  // Accept the JSON Lines output of `analyze --json` too: the first line is the analysis.
  const first = text.trim().split('\n')[0]!;
  let value: unknown;
  try {
    value = JSON.parse(text.trim().startsWith('{\n') || !text.includes('\n{') ? text : first);
  } catch (err) {
    return `not valid JSON (${(err as Error).message})`;
  }
  const a = value as Partial<Analysis>;
  if (!a || typeof a !== 'object' || typeof a.category !== 'string' || typeof a.fingerprint !== 'string') {
    return 'not an analysis (expected the JSON printed by `autofix analyze --json`)';
  }
  return a as Analysis;
}

export async function proposeCommand(args: string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        analysis: { type: 'string' }, workflow: { type: 'string' }, repo: { type: 'string' },
        config: { type: 'string' }, markdown: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    io.stderr(`autofix propose: ${(err as Error).message}\n${PROPOSE_HELP}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(PROPOSE_HELP + '\n');
    return 0;
  }
  if (!values.analysis) {
    io.stderr(`autofix propose: --analysis FILE is required\n${PROPOSE_HELP}\n`);
    return 2;
  }
  const text = await readText(values.analysis, 'analysis', io);
  if (text === null) return 2;
  const analysis = parseAnalysis(text);
  if (typeof analysis === 'string') {
    io.stderr(`autofix propose: ${values.analysis}: ${analysis}\n`);
    return 2;
  }
  let workflowText: string | null = null;
  if (values.workflow) {
    workflowText = await readText(values.workflow, 'workflow', io);
    if (workflowText === null) return 2;
  }
  const cfgFile = values.config ?? (io.exists('config/autofix.yml') ? 'config/autofix.yml' : undefined);
  const config = cfgFile ? await loadConfig(cfgFile) : defaultConfig();
  const workflowPath = values.workflow ? `.github/workflows/${values.workflow.split('/').pop()}` : null;
  const proposal = propose(analysis, { repo: values.repo ?? 'owner/repo', workflowPath, workflowText }, config);
  if (values.markdown) io.stdout(`# Issue: ${proposal.issue.title}\n\n${proposal.issue.body}\n\n# PR: ${proposal.pr.title}\n\n${proposal.pr.body}\n`);
  else io.stdout(JSON.stringify(proposal, null, 2) + '\n');
  return 0;
}
