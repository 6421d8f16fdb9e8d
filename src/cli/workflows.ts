// `autofix workflows [count|yaml|json]`: the workflow names the bot watches, for a
// `workflow_run: workflows: [...]` trigger (Actions has no wildcard there).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { dump } from 'js-yaml';
import { defaultConfig } from '../config/schema.js';
import { loadConfig } from '../config/load.js';
import { workflowSelected } from '../policy/workflows.js';
import type { Io } from './io.js';

export const WORKFLOWS_HELP = `Usage: autofix workflows [count|yaml|json] [--dir DIR] [--config FILE]

Lists the names of the workflows in DIR (default .github/workflows) that the bot monitors:
monitored_workflows minus excluded_workflows from the config (default config/autofix.yml
when present). Without FORMAT, one name per line.`;

export async function workflowNames(dir: string): Promise<string[]> {
  const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  const names: string[] = [];
  for (const f of files) {
    let name = f.replace(/\.ya?ml$/, '');
    try {
      const doc = parse(await readFile(join(dir, f), 'utf8')) as { name?: unknown } | null;
      if (doc && typeof doc.name === 'string' && doc.name.trim()) name = doc.name.trim();
    } catch {
      // A workflow GitHub cannot parse still exists; list it by file name.
    }
    names.push(name);
  }
  return [...new Set(names)];
}

export async function workflowsCommand(args: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { dir: { type: 'string' }, config: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    io.stderr(`autofix workflows: ${(err as Error).message}\n${WORKFLOWS_HELP}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(WORKFLOWS_HELP + '\n');
    return 0;
  }
  const format = positionals[0] ?? 'list';
  if (!['list', 'count', 'yaml', 'json'].includes(format) || positionals.length > 1) {
    io.stderr(`autofix workflows: unknown format "${positionals.join(' ')}" (expected count, yaml or json)\n`);
    return 2;
  }
  const dir = values.dir ?? '.github/workflows';
  if (!io.exists(dir)) {
    io.stderr(`autofix workflows: ${dir}: no such directory\n`);
    return 2;
  }
  const cfgFile = values.config ?? (io.exists('config/autofix.yml') ? 'config/autofix.yml' : undefined);
  const config = cfgFile ? await loadConfig(cfgFile) : defaultConfig();
  const names = (await workflowNames(dir)).filter((n) => workflowSelected(n, config));
  if (format === 'count') io.stdout(`${names.length}\n`);
  else if (format === 'json') io.stdout(JSON.stringify(names) + '\n');
  else if (format === 'yaml') io.stdout(dump({ workflows: names }));
  else io.stdout(names.map((n) => n + '\n').join(''));
  return 0;
}
