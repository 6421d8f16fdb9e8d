import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { configCommand } from '../src/cli/config.js';
import { configDocs } from '../src/config/docs.js';
import { ConfigError } from '../src/config/errors.js';
import { configJsonSchemaText } from '../src/config/json-schema.js';
import { loadConfig, loadConfigWithWarnings, parseConfig } from '../src/config/load.js';
import { defaultConfig } from '../src/config/schema.js';
import { pythonRegexToJs } from '../src/config/seed.js';

const SEED = 'test/fixtures-config/workflow-auto-fix-config.yml';

/** The ConfigError thrown by parsing `text` as file f.yml. */
function errorOf(text: string, file = 'f.yml'): ConfigError {
  const thrown = attempt(() => parseConfig(text, file));
  if (thrown instanceof ConfigError) return thrown;
  throw thrown ?? new Error('expected a ConfigError');
}

/** What `fn` throws, or undefined. */
const attempt = (fn: () => unknown): unknown => {
  try { fn(); } catch (e) { return e; }
};

/** JavaScript's own message for a pattern that does not compile. */
const regexError = (pattern: string, flags = '') => (attempt(() => new RegExp(pattern, flags)) as Error).message;

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let [out, err] = ['', ''];
  const code = await configCommand(args, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

async function tempFile(name: string, text: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'autofix-config-')), name);
  await writeFile(path, text);
  return path;
}

describe('defaults', () => {
  it('an empty, comment-only or bare --- file, or no path, means all defaults', async () => {
    for (const text of ['', '\n', '# nothing yet\n', '---\n']) expect(parseConfig(text, 'f.yml')).toEqual(defaultConfig());
    expect(await loadConfig()).toEqual(defaultConfig());
    expect(await loadConfigWithWarnings()).toEqual({ config: defaultConfig(), warnings: [] });
  });

  it('reads files with a byte-order mark and CRLF line ends', () => {
    expect(parseConfig('\uFEFFdry_run: true\r\nbranches:\r\n  - release/*\r\n', 'f.yml')).toMatchObject({ dry_run: true, branches: ['release/*'] });
  });

  it('a category or section given partly keeps its other defaults', () => {
    const c = parseConfig('categories:\n  policy_check: { auto_pr: true }\n  timeout: { fix_type: add_retry }\n', 'f.yml');
    expect(c.categories.policy_check).toEqual({ auto_pr: true, issue: false });
    expect(c.categories.timeout).toEqual({ auto_pr: true, issue: true, fix_type: 'add_retry' });
    expect(c.categories.unknown).toEqual({ auto_pr: false, issue: true });
    expect(parseConfig('rate_limits: { max_prs_per_hour: 3 }', 'f.yml').rate_limits).toEqual({ max_prs_per_hour: 3, max_issues_per_hour: 20 });
  });

  it('config/autofix.yml holds exactly the schema defaults (fails when it drifts)', async () => {
    expect(parseConfig(await readFile('config/autofix.yml', 'utf8'), 'config/autofix.yml')).toEqual(defaultConfig());
    // ...and lists every knob, so the file doubles as the reference people copy from.
    const keys = (v: unknown, prefix = ''): string[] =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v).flatMap(([k, x]) => [prefix + k, ...keys(x, `${prefix}${k}.`)]) : [];
    const written = keys(load(await readFile('config/autofix.yml', 'utf8')));
    expect(written.sort()).toEqual(keys(defaultConfig()).sort());
  });
});

describe('errors', () => {
  it('names file, key path, value found and expectation', () => {
    const e = errorOf('rate_limits:\n  max_prs_per_hour: ten\n', 'config/autofix.yml');
    expect(e).toMatchObject({ code: 'config_invalid', message: 'config/autofix.yml: rate_limits.max_prs_per_hour: found "ten" (string), expected an integer ≥ 0' });
    expect(e.issues).toEqual([
      { path: 'rate_limits.max_prs_per_hour', found: 'ten', expected: 'an integer ≥ 0', message: 'found "ten" (string), expected an integer ≥ 0' },
    ]);
  });

  it('reports every problem, one line each, in file order', () => {
    const text = 'min_confidence: 101\nenabled: yes\ncopilot: { mode: never }\nlabels: { pr: [""] }\nrules:\n  - { id: a, category: timeout }\nbranches: release/*\nlog_max_bytes: 1.5\n';
    expect(errorOf(text).message.split('\n')).toEqual([
      'f.yml: min_confidence: found 101 (number), expected an integer from 0 to 100',
      'f.yml: enabled: found "yes" (string), expected true or false (YAML 1.2 reads yes/no/on/off as text)',
      'f.yml: copilot.mode: found "never" (string), expected one of mention, assign, off',
      'f.yml: labels.pr[0]: found "" (string), expected a non-empty string',
      'f.yml: rules[0].pattern: missing, expected a non-empty string',
      'f.yml: branches: found "release/*" (string), expected a list of non-empty strings',
      'f.yml: log_max_bytes: found 1.5 (number), expected an integer ≥ 1024',
    ]);
  });

  it('rejects a file or section that is not a mapping', () => {
    expect(errorOf('- enabled\n').message).toBe('f.yml: found a list, expected a mapping of settings (key: value lines)');
    expect(errorOf('categories:\n  timeout:\n').message).toBe('f.yml: categories.timeout: found an empty value (null), expected a mapping (key: value)');
  });

  it('unknown keys are errors suggesting the closest known key', () => {
    const text = 'min_confidance: 80\nrate_limits: { max_pr_per_hour: 2 }\ncategories: { timout: { auto_pr: false } }\nmax_issues_per_hour: 5\nslack_channel: x\n';
    const e = errorOf(text);
    expect(e.message.split('\n')).toEqual([
      'f.yml: min_confidance: unknown key, did you mean `min_confidence`?',
      'f.yml: rate_limits.max_pr_per_hour: unknown key, did you mean `max_prs_per_hour`?',
      'f.yml: categories.timout: unknown key, did you mean `timeout`?',
      'f.yml: max_issues_per_hour: unknown key, did you mean `rate_limits.max_issues_per_hour`?',
      'f.yml: slack_channel: unknown key, see docs/config.md for the known keys',
    ]);
    expect(e.issues[0]).toMatchObject({ path: 'min_confidance', found: 80 });
  });

  it('YAML syntax errors give file:line:column', () => {
    const e = errorOf('enabled: true\nrate_limits:\n  max_prs_per_hour: 1\n   max_issues_per_hour: 2\n', 'config/autofix.yml');
    expect(e).toMatchObject({ code: 'config_yaml', message: 'config/autofix.yml:4:23: bad indentation of a mapping entry' }); // js-yaml points at the ':'
    expect(errorOf('enabled: true\nenabled: false\n').message).toBe('f.yml:2:1: duplicated mapping key');
    expect(errorOf('enabled: true\n---\nenabled: false\n').message).toBe('f.yml: found 2 YAML documents, expected one');
  });

  it('a rule pattern must compile as a JavaScript RegExp; flags and ids are checked', () => {
    const rules = ['{ id: a, pattern: x, category: timeout }', '{ id: b, pattern: "y+", flags: i, category: unknown }', '{ id: c, pattern: "(?<pkg>", category: dependency_error }'];
    const e = errorOf(`rules:\n${rules.map((r) => `  - ${r}\n`).join('')}`);
    expect(e.issues.map((i) => i.path)).toEqual(['rules[2].pattern']);
    expect(e.message).toBe(`f.yml: rules[2].pattern: found "(?<pkg>" (string), expected a JavaScript regular expression that compiles (${regexError('(?<pkg>')})`);
    // Flags and id uniqueness are checked too.
    const f = errorOf('rules:\n  - { id: a, pattern: x, flags: ii, category: timeout }\n  - { id: b, pattern: x, category: timeout }\n  - { id: b, pattern: z, flags: g, category: timeout }\n');
    expect(f.message.split('\n')).toEqual([
      'f.yml: rules[0].flags: found "ii" (string), expected each flag at most once',
      'f.yml: rules[2].id: found "b" (string), expected an id not already used (rules[1] has it)',
      'f.yml: rules[2].flags: found "g" (string), expected a string matching /^[imsu]*$/',
    ]);
  });

  it('an unreadable file is config_unreadable with a one-line reason', async () => {
    await expect(loadConfig('no/such/autofix.yml')).rejects.toMatchObject({ code: 'config_unreadable', message: 'no/such/autofix.yml: cannot read: no such file' });
  });
});

describe('legacy seed file', () => {
  it('maps the seed onto the current format', async () => {
    const { config, warnings } = await loadConfigWithWarnings(SEED);
    expect(config).toMatchObject({ enabled: true, min_confidence: 75, create_draft: true, rate_limits: { max_prs_per_hour: 5, max_issues_per_hour: 15 } });
    expect(config.excluded_workflows).toEqual(['Workflow Auto-Fix', 'Copilot Agent Autofix', 'Auto Heal Workflow', 'Copilot Auto Heal', 'Workflow Failure Monitor', 'Update Auto-Healing List', 'Release Publisher', 'Nightly Benchmarks']);
    expect(config.labels).toEqual({ issue: ['autofix', 'ci-failure'], pr: ['automated-fix', 'workflow-fix'], category_prefix: 'ci:' });
    expect(config.copilot.mode).toBe('off');
    const seeded = { dependency_error: [90, true], syntax_error: [85, false], test_failure: [70, false], timeout: [95, true], permission_error: [80, false], network_error: [75, true], docker_error: [85, true], resource_error: [90, true], env_variable_missing: [95, false] } as const;
    expect(config.rules.map((r) => [r.id, r.category, r.confidence, r.flags])).toEqual(Object.entries(seeded).map(([id, [conf]]) => [`seed.${id}`, id, conf, 'i']));
    for (const [id, [, autoPr]] of Object.entries(seeded)) expect(config.categories[id as keyof typeof seeded]).toEqual({ auto_pr: autoPr, issue: true });
    expect(config.categories.policy_check).toEqual({ auto_pr: false, issue: false });
    expect(warnings).toContain(`${SEED}: notifications: ignored: autofix-bot has no such setting`);
    expect(warnings).toContain(`${SEED}: pr_settings.title_template: ignored: PR titles are generated`);
    expect(warnings).toHaveLength(3); // the legacy-format notice, title_template, notifications
  });

  it('turns Python patterns into working JavaScript ones', async () => {
    const { config } = await loadConfigWithWarnings(SEED);
    const rule = (id: string) => config.rules.find((r) => r.id === `seed.${id}`)!;
    const regex = (id: string) => new RegExp(rule(id).pattern, rule(id).flags);
    expect(regex('dependency_error').exec("ModuleNotFoundError: No module named 'yaml.cyaml'")?.groups?.module).toBe('yaml.cyaml');
    expect(regex('network_error').exec('curl: (6) Could not resolve host: pypi.org')?.groups?.host).toBe('pypi.org');
    expect(regex('env_variable_missing').exec('Error: environment variable DATABASE_URL is not set')?.groups?.variable).toBe('DATABASE_URL');
    expect(regex('timeout').test('The job TIMED OUT AFTER 360 minutes')).toBe(true); // (?i) became flag i
  });

  it('translates Python-only regex syntax', () => {
    expect(pythonRegexToJs('(?i)(?P<pkg>\\w+) (?P=pkg)\\Z')).toEqual({ pattern: '(?<pkg>\\w+) \\k<pkg>$', flags: 'i' });
    expect(pythonRegexToJs('(?ms)\\Astart.*')).toEqual({ pattern: '^start.*', flags: 'ims' });
    expect(pythonRegexToJs('\\\\(?P<x>a)\\(?P<y>')).toEqual({ pattern: '\\\\(?<x>a)\\(?P<y>', flags: 'i' });
  });

  it('errors name the seed key; seed keys without a category warn', () => {
    const text = 'auto_healing:\n  min_confidence: high\nerror_patterns:\n  timeout: { pattern: "(?x) a b", confidence: 95 }\n  flaky_cache: { pattern: "cache miss", auto_pr: true }\n';
    const e = errorOf(text, 'seed.yml');
    expect(e.message.split('\n')).toEqual([
      'seed.yml: auto_healing.min_confidence: found "high" (string), expected an integer from 0 to 100',
      `seed.yml: error_patterns.timeout.pattern: found "(?x) a b" (string), expected a JavaScript regular expression that compiles (${regexError('(?x) a b', 'i')})`,
    ]);
    const fixed = parseConfig(text.replace('high', '80').replace('(?x) ', ''), 'seed.yml');
    expect(fixed.rules[1]).toMatchObject({ id: 'seed.flaky_cache', pattern: 'cache miss', flags: 'i', category: 'unknown' });
  });

  it('warns about seed keys it cannot map', async () => {
    const patterns = ['flaky_cache: { pattern: "cache miss", auto_pr: true, fix_type: add_retry }', 'timeout: { pattern: "t/o", fix_type: add_retry }', 'docker_error: { pattern: "d", fix_type: fix_dockerfile }'];
    const text = `error_patterns:\n${patterns.map((p) => `  ${p}\n`).join('')}advanced: { max_log_size_mb: 50, max_age_days: 7 }\n`;
    const path = await tempFile('seed.yml', text);
    const { config, warnings } = await loadConfigWithWarnings(path);
    expect(config.log_max_bytes).toBe(50 * 1024 * 1024);
    expect(config.categories.timeout).toEqual({ auto_pr: true, issue: true, fix_type: 'add_retry' });
    expect(config.categories.docker_error).toEqual({ auto_pr: true, issue: true });
    expect(warnings[0]).toMatch(/legacy seed format/);
    expect(warnings.slice(1).map((w) => w.slice(path.length + 2))).toEqual([
      'error_patterns.flaky_cache: "flaky_cache" is not a category id, so rule seed.flaky_cache reports category unknown (rename the key to a category id to route it)',
      'error_patterns.flaky_cache.auto_pr: ignored: auto_pr applies to category keys only',
      'error_patterns.flaky_cache.fix_type: ignored: fix_type applies to category keys only',
      expect.stringMatching(/^error_patterns\.docker_error\.fix_type: ignored: not a fix type here \(add_dependency, /),
      'advanced.max_age_days: ignored: autofix-bot has no such setting',
    ]);
  });
});

describe('autofix config', () => {
  it('check: OK with exit 0, warnings on stderr', async () => {
    expect(await run('check', 'config/autofix.yml')).toEqual({ code: 0, out: 'config/autofix.yml: OK\n', err: '' });
    expect(await run('check')).toEqual({ code: 0, out: 'config/autofix.yml: OK\n', err: '' });
    const cwd = process.cwd();
    try {
      process.chdir(await mkdtemp(join(tmpdir(), 'autofix-cwd-'))); // no config/autofix.yml here: the defaults apply
      expect(await run('check')).toEqual({ code: 0, out: 'no config/autofix.yml; the defaults apply: OK\n', err: '' });
    } finally {
      process.chdir(cwd);
    }
    expect(await run('check', SEED)).toEqual({ code: 0, out: `${SEED}: OK\n`, err: expect.stringContaining(`warning: ${SEED}: notifications: ignored`) });
  });

  it('check: problems exit 1, an unreadable file exits 2 with one line', async () => {
    const bad = await tempFile('autofix.yml', 'min_confidence: ten\n');
    expect(await run('check', bad)).toEqual({ code: 1, out: '', err: `${bad}: min_confidence: found "ten" (string), expected an integer from 0 to 100\n` });
    const broken = await tempFile('autofix.yml', 'a: [1, 2\n');
    expect(await run('check', broken)).toEqual({ code: 1, out: '', err: `${broken}:2:1: deficient indentation\n` });
    expect(await run('check', 'missing.yml')).toEqual({ code: 2, out: '', err: 'missing.yml: cannot read: no such file\n' });
  });

  it('schema prints the JSON Schema; print the effective config as YAML that reads back the same', async () => {
    expect(await run('schema')).toEqual({ code: 0, out: configJsonSchemaText(), err: '' });
    expect(JSON.parse(configJsonSchemaText())).toMatchObject({ $id: 'urn:autofix-bot:config', type: 'object' });
    const { code, out } = await run('print', SEED);
    expect(code).toBe(0);
    expect(parseConfig(out, 'printed.yml')).toEqual((await loadConfigWithWarnings(SEED)).config);
    expect(parseConfig((await run('print')).out, 'printed.yml')).toEqual(await loadConfig('config/autofix.yml'));
  });

  it('help and usage errors', async () => {
    for (const args of [['--help'], ['check', '--help'], ['print', '-h'], ['schema', '--help']]) {
      const r = await run(...args);
      expect([r.code, r.err]).toEqual([0, '']);
      expect(r.out).toMatch(/^Usage: autofix config/);
    }
    for (const args of [[], ['frobnicate'], ['check', 'a.yml', 'b.yml'], ['schema', 'x'], ['print', '--verbose']]) {
      const r = await run(...args);
      expect([r.code, r.out]).toEqual([2, '']);
      expect(r.err).toContain('Usage: autofix config');
    }
  });

  it('config/schema.json and docs/config.md match the schema (regenerate: npx tsx src/config/docs.ts --write)', async () => {
    const stale = 'stale: run `npx tsx src/config/docs.ts --write`';
    expect(await readFile('config/schema.json', 'utf8'), stale).toBe(configJsonSchemaText());
    expect(await readFile('docs/config.md', 'utf8'), stale).toBe(configDocs());
  });
});
