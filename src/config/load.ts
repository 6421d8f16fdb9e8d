// Reading config/autofix.yml (or a legacy seed file) into a validated Config. Every failure is a
// ConfigError whose lines name the file and the key, so `autofix config check` can be the whole
// feedback loop for someone editing the file.
import { readFile } from 'node:fs/promises';
import { loadAll, YAMLException } from 'js-yaml';
import { ConfigError, fromZodIssues, issueLine, type ConfigIssue } from './errors.js';
import { ConfigSchema, defaultConfig, type Config } from './schema.js';
import { convertSeed, isSeedConfig } from './seed.js';

export interface LoadResult {
  config: Config;
  /** One line each, `file: key: what happened`; only seed files produce them today. */
  warnings: string[];
}

/** Parses and validates config text; `file` is only used in messages. Warnings are dropped. */
export function parseConfig(text: string, file: string): Config {
  return parseConfigWithWarnings(text, file).config;
}

export function parseConfigWithWarnings(text: string, file: string): LoadResult {
  const doc = parseYaml(text, file);
  // An empty file (or only comments, or a bare `---`) means "all defaults", not an error.
  if (doc === null || doc === undefined) return { config: defaultConfig(), warnings: [] };
  if (isSeedConfig(doc)) return fromSeed(doc, file);
  const result = ConfigSchema.safeParse(doc);
  if (!result.success) throw new ConfigError('config_invalid', file, fromZodIssues(result.error.issues, doc));
  return { config: result.data, warnings: [] };
}

/** Without a path: the defaults (the CLI decides which file is the default one). */
export async function loadConfig(path?: string): Promise<Config> {
  return (await loadConfigWithWarnings(path)).config;
}

export async function loadConfigWithWarnings(path?: string): Promise<LoadResult> {
  if (path === undefined) return { config: defaultConfig(), warnings: [] };
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new ConfigError('config_unreadable', path, [{ path: '', message: `cannot read: ${readReason(e)}` }]);
  }
  return parseConfigWithWarnings(text, path);
}

function readReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const known: Record<string, string> = { ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'is a directory' };
  return (err.code && known[err.code]) ?? err.message ?? String(e);
}

function parseYaml(text: string, file: string): unknown {
  let docs: unknown[];
  try {
    docs = loadAll(text, { filename: file });
  } catch (e) {
    if (!(e instanceof YAMLException)) throw e;
    const issue: ConfigIssue = { path: '', message: e.reason || e.message };
    // js-yaml marks are 0-based; editors and `file:line:col` links are 1-based.
    if (e.mark) Object.assign(issue, { line: e.mark.line + 1, column: e.mark.column + 1 });
    throw new ConfigError('config_yaml', file, [issue]);
  }
  if (docs.length > 1) {
    // A second `---` document would be silently ignored by most readers; say so instead.
    throw new ConfigError('config_yaml', file, [{ path: '', message: `found ${docs.length} YAML documents, expected one` }]);
  }
  return docs[0];
}

function fromSeed(seed: Record<string, unknown>, file: string): LoadResult {
  const { input, warnings, issues, paths } = convertSeed(seed);
  const result = ConfigSchema.safeParse(input);
  // Errors found on the converted input are renamed to the seed key they came from.
  const all = [...issues, ...(result.success ? [] : fromZodIssues(result.error.issues, input).map((i) => renamed(i, paths)))];
  if (all.length > 0 || !result.success) throw new ConfigError('config_invalid', file, all);
  const notice = { path: '', message: 'legacy seed format (workflow-auto-fix-config.yml); `autofix config print` shows it in the current format' };
  return { config: result.data, warnings: [notice, ...warnings].map((w) => issueLine(file, w)) };
}

function renamed(issue: ConfigIssue, paths: Map<string, string>): ConfigIssue {
  let best = '';
  for (const from of paths.keys()) {
    const covers = issue.path === from || issue.path.startsWith(`${from}.`) || issue.path.startsWith(`${from}[`);
    if (covers && from.length > best.length) best = from;
  }
  return best ? { ...issue, path: paths.get(best)! + issue.path.slice(best.length) } : issue;
}
