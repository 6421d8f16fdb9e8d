// Reads the legacy seed file (workflow-auto-fix-config.yml of the auto-healing system we replace)
// so a team can keep its file. The seed is rewritten into the current shape, then validated by the
// same schema; `paths` maps each written key back to the seed key it came from, so errors name
// the key the person actually wrote. Seed keys with no meaning here become warnings, not errors:
// the file worked before, and refusing it over a notification toggle would only block the switch.
import { CATEGORIES, DEFAULT_FIX_TYPE, FIX_TYPES, type Category } from '../analysis/types.js';
import { valueIssue, type ConfigIssue } from './errors.js';
import { ConfigSchema } from './schema.js';

const SEED_MARKERS = ['auto_healing', 'error_patterns', 'pr_settings'];

export interface SeedConversion {
  /** The seed in the current format, ready for ConfigSchema. */
  input: Record<string, unknown>;
  warnings: ConfigIssue[];
  /** Problems found while converting (a section that is not a mapping...). */
  issues: ConfigIssue[];
  /** Current-format path (`rules[3]`, `labels.pr`) → seed path (`error_patterns.timeout`, `pr_settings.add_labels`). */
  paths: Map<string, string>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A seed file has at least one section the current format never had. */
export function isSeedConfig(doc: unknown): doc is Obj {
  return isObj(doc) && SEED_MARKERS.some((k) => Object.hasOwn(doc, k));
}

// Why some seed keys are dropped, when there is more to say than "no equivalent".
const HINTS: Record<string, string> = {
  'pr_settings.branch_template': 'branch names are branch_prefix plus a generated name',
  'pr_settings.title_template': 'PR titles are generated',
  'issue_settings.title_template': 'issue titles are generated',
};

export function convertSeed(seed: Obj): SeedConversion {
  const out: SeedConversion = { input: {}, warnings: [], issues: [], paths: new Map() };
  const set = (path: string, value: unknown, from: string): void => {
    // Both auto_healing and pr_settings carried create_draft; only a disagreement is worth a word.
    const prev = out.paths.get(path);
    if (prev !== undefined && getPath(out.input, path) !== value) out.warnings.push({ path: from, message: `differs from ${prev}; the value of ${from} is used` });
    setPath(out.input, path, value);
    out.paths.set(path, from);
  };
  const copilot = (v: unknown, from: string): void => {
    // Only `false` has a meaning to carry over: `true` is what copilot.mode already does by default.
    if (typeof v !== 'boolean') out.issues.push(valueIssue(from, v, 'true or false'));
    else if (!v) set('copilot.mode', 'off', from);
  };
  type Handler = (v: unknown, from: string) => void;
  const to = (path: string): Handler => (v, from) => set(path, v, from);
  const section = (key: string, value: unknown, handlers: Record<string, Handler>): void => {
    if (!isObj(value)) return void out.issues.push(valueIssue(key, value, 'a mapping (key: value)'));
    for (const [k, v] of Object.entries(value)) {
      const from = `${key}.${k}`;
      if (Object.hasOwn(handlers, k)) handlers[k]!(v, from);
      else out.warnings.push(ignored(from));
    }
  };

  for (const [key, value] of Object.entries(seed)) {
    if (key === 'auto_healing') {
      section(key, value, { enabled: to('enabled'), min_confidence: to('min_confidence'), create_draft: to('create_draft'), auto_assign_copilot: copilot });
    } else if (key === 'rate_limits') {
      section(key, value, { max_prs_per_hour: to('rate_limits.max_prs_per_hour'), max_issues_per_hour: to('rate_limits.max_issues_per_hour') });
    } else if (key === 'pr_settings') {
      section(key, value, { create_draft: to('create_draft'), add_labels: to('labels.pr'), auto_assign_copilot: copilot });
    } else if (key === 'issue_settings') {
      section(key, value, { add_labels: to('labels.issue') });
    } else if (key === 'advanced') {
      section(key, value, { max_log_size_mb: (v, from) => logSize(v, from) });
    } else if (key === 'error_patterns') {
      if (!isObj(value)) out.issues.push(valueIssue(key, value, 'a mapping of pattern names to {pattern, confidence, ...}'));
      else for (const [id, entry] of Object.entries(value)) errorPattern(id, entry);
    } else if (Object.hasOwn(ConfigSchema.shape, key)) {
      set(key, value, key); // same key, same meaning (enabled, min_confidence, excluded_workflows...)
    } else {
      out.warnings.push(ignored(key));
    }
  }
  return out;

  function logSize(v: unknown, from: string): void {
    if (typeof v === 'number' && v > 0) set('log_max_bytes', Math.round(v * 1024 * 1024), from);
    else out.issues.push(valueIssue(from, v, 'a number of megabytes > 0'));
  }

  function errorPattern(id: string, entry: unknown): void {
    const from = `error_patterns.${id}`;
    if (!isObj(entry)) return void out.issues.push(valueIssue(from, entry, 'a mapping with pattern, confidence, fix_type, auto_pr'));
    const category = (CATEGORIES as readonly string[]).includes(id) ? (id as Category) : undefined;
    const rule: Obj = { id: `seed.${id}`, category: category ?? 'unknown' };
    const rules = (out.input.rules ??= []) as Obj[];
    out.paths.set(`rules[${rules.length}]`, from);
    rules.push(rule);
    if (!category) out.warnings.push({ path: from, message: `"${id}" is not a category id, so rule seed.${id} reports category unknown (rename the key to a category id to route it)` });
    for (const [k, v] of Object.entries(entry)) {
      const key = `${from}.${k}`;
      if (k === 'pattern') Object.assign(rule, typeof v === 'string' ? pythonRegexToJs(v) : { pattern: v, flags: 'i' });
      else if (k === 'confidence' || k === 'description') rule[k] = v;
      else if ((k === 'auto_pr' || k === 'fix_type') && !category) out.warnings.push({ path: key, message: `ignored: ${k} applies to category keys only` });
      else if (k === 'auto_pr') set(`categories.${id}.auto_pr`, v, key);
      else if (k === 'fix_type') fixType(id as Category, v, key);
      else out.warnings.push(ignored(key));
    }
    // A pattern given as a non-string is left for the schema to report; a missing one too.
    if (rule.flags === undefined) rule.flags = 'i';
  }

  function fixType(category: Category, v: unknown, from: string): void {
    if (v === DEFAULT_FIX_TYPE[category]) return; // what the category proposes anyway
    if ((FIX_TYPES as readonly unknown[]).includes(v)) set(`categories.${category}.fix_type`, v, from);
    else out.warnings.push({ path: from, message: `ignored: not a fix type here (${FIX_TYPES.join(', ')})` });
  }
}

function ignored(path: string): ConfigIssue {
  return { path, message: `ignored: ${HINTS[path] ?? 'autofix-bot has no such setting'}` };
}

function getPath(target: Obj, path: string): unknown {
  return path.split('.').reduce<unknown>((node, k) => (isObj(node) ? node[k] : undefined), target);
}

function setPath(target: Obj, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const k of keys.slice(0, -1)) node = (node[k] = isObj(node[k]) ? node[k] : {}) as Obj;
  node[keys[keys.length - 1]!] = value;
}

/**
 * The seed ran Python's `re` with case-insensitive matching. Translate the Python-only syntax it
 * used: a leading inline-flag group `(?i)`/`(?ims)`, `(?P<name>...)`, `(?P=name)`, `\A`, `\Z`.
 * Anything else stays as written, and the schema reports it if JavaScript cannot compile it.
 */
export function pythonRegexToJs(source: string): { pattern: string; flags: string } {
  const flags = new Set(['i']);
  let pattern = source;
  const inline = /^\(\?([imsua]+)\)/.exec(pattern);
  if (inline) {
    for (const f of inline[1]!) if ('ims'.includes(f)) flags.add(f); // a, u: already JavaScript's behaviour
    pattern = pattern.slice(inline[0].length);
  }
  // (?<!\\)((?:\\\\)*) keeps only occurrences not escaped by a backslash.
  pattern = pattern
    .replace(/(?<!\\)((?:\\\\)*)\(\?P</g, '$1(?<')
    .replace(/(?<!\\)((?:\\\\)*)\(\?P=(\w+)\)/g, '$1\\k<$2>')
    .replace(/(?<!\\)((?:\\\\)*)\\A/g, '$1^')
    .replace(/(?<!\\)((?:\\\\)*)\\Z/g, '$1$$');
  return { pattern, flags: [...flags].join('') };
}
