// The engine's entry points: a job log (stream or text) in, an Analysis out.
import type { Analysis, ErrorEntry, JobMeta } from './types.js';
import { DEFAULT_FIX_TYPE, ERROR_TYPE_NAMES } from './types.js';
import { readLog, readLogText, type LogModel, type ReadOptions } from './reader.js';
import { buildRuleSet, type Rule, type RuleSet } from './rules/index.js';
import { classify, type Classification, type ScoredLine } from './classify.js';
import { affectedFiles, capturedValues } from './capture.js';
import { recommendations } from './recommend.js';
import { fingerprint } from './fingerprint.js';
import { redact, redactDeep } from './redact.js';
import { cleanLine, normalizeLine } from './clean.js';

export interface AnalyzeOptions extends ReadOptions {
  meta?: JobMeta;
  /** Normalized lines of the last green run of the same job (see `buildBaseline`). */
  baseline?: Set<string> | null;
  /** Extra rules (from config), tried with the built-in ones. */
  rules?: readonly Rule[];
}

const defaultSet = buildRuleSet();
const setCache = new WeakMap<readonly Rule[], RuleSet>();

function ruleSet(extra?: readonly Rule[]): RuleSet {
  if (!extra || extra.length === 0) return defaultSet;
  let set = setCache.get(extra);
  if (!set) setCache.set(extra, (set = buildRuleSet(extra)));
  return set;
}

export async function analyzeStream(source: AsyncIterable<Buffer | string>, opts: AnalyzeOptions = {}): Promise<Analysis> {
  return analyzeModel(await readLog(source, opts), opts);
}

export function analyzeText(text: string, opts: AnalyzeOptions = {}): Analysis {
  return analyzeModel(readLogText(text, opts), opts);
}

/** The baseline: every normalized line of a green run's log, for down-weighting shared lines. */
export async function buildBaseline(source: AsyncIterable<Buffer | string>, maxBytes = 32 * 1024 * 1024): Promise<Set<string>> {
  const set = new Set<string>();
  let rest = '';
  let bytes = 0;
  const add = (line: string) => {
    const n = normalizeLine(stripForBaseline(line));
    if (n.length > 0 && set.size < 400_000) set.add(n);
  };
  for await (const chunk of source) {
    const s = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    bytes += s.length;
    const lines = (rest + s).split('\n');
    rest = lines.pop() ?? '';
    lines.forEach(add);
    if (bytes > maxBytes) break;
  }
  if (rest) add(rest);
  return set;
}

// Same cleaning as the reader, so the two sides compare equal.
function stripForBaseline(raw: string): string {
  const t = cleanLine(raw);
  return t.startsWith('##[error]') ? t.slice(9) : t;
}

/**
 * Lines around the root, in the order they are likely to name its file: a pointer right after it
 * (rustc's and ruff's ` --> file:line`), the ones before (eslint's file header, Python's frames), nearest
 * first, then the rest after.
 */
function nearRoot(c: Classification, s: ScoredLine, before = 12, after = 8): string[] {
  const lines = c.step?.lines ?? [];
  const i = lines.indexOf(s.line);
  if (i < 0) return [];
  const pointers = lines.slice(i + 1, i + 3).filter((l) => /-->|location:|^\s+at /.test(l.text));
  return [...pointers, ...lines.slice(Math.max(0, i - before), i).reverse(), ...lines.slice(i + 3, i + 1 + after)].map((l) => l.text);
}

function context(c: Classification, s: ScoredLine, before = 3, after = 6): string[] {
  const lines = c.step?.lines ?? [];
  const i = lines.indexOf(s.line);
  if (i < 0) return [s.line.text];
  return lines.slice(Math.max(0, i - before), i + after + 1).map((l) => l.text);
}

export function analyzeModel(model: LogModel, opts: AnalyzeOptions = {}): Analysis {
  const meta = opts.meta ?? {};
  const c = classify(model, ruleSet(opts.rules), meta, opts.baseline ?? null);
  const root = c.root;
  const top = [...c.scored].filter((s) => s.score >= 40).sort((a, b) => b.score - a.score || a.line.n - b.line.n).slice(0, 10);
  const errors: ErrorEntry[] = top.map((s) => ({
    line: s.line.n,
    text: s.line.text.trim(),
    step: c.step?.name ?? null,
    rule: s.rule?.id ?? null,
    category: s.rule?.category ?? 'unknown',
    score: s.score,
    context: context(c, s, 2, 3),
  }));
  const near = root ? nearRoot(c, root) : [];
  const files = affectedFiles([...(root ? [root.line.text] : []), ...near, ...top.map((s) => s.line.text)]);
  const captured = capturedValues(root, c.scored, files, near);
  const rootText = root ? root.line.text.trim() : '';
  const notes: string[] = [...c.reasons];
  if (model.truncated) notes.push(`the log was cut at ${model.bytes} bytes; the analysis covers the part read`);
  if (model.binaryLines > 0) notes.push(`${model.binaryLines} binary line(s) were skipped`);
  if (model.steps.filter((s) => !s.post).length <= 1) notes.push('no `##[group]Run` step headers found; the log was read as one step');
  if (opts.baseline) notes.push(`compared with the last successful run: ${c.scored.filter((s) => s.inBaseline).length} line(s) of the failing step also appear there and count less`);

  const stepName = meta.failed_step ?? c.step?.name ?? null;
  const analysis: Analysis = {
    run_id: meta.run_id != null ? String(meta.run_id) : null,
    workflow_name: meta.workflow_name ?? null,
    job: meta.job_name ?? null,
    step: stepName,
    category: c.category,
    error_type: ERROR_TYPE_NAMES[c.category],
    fix_type: DEFAULT_FIX_TYPE[c.category],
    root_cause: redact(rootText),
    root_line: root?.line.n ?? null,
    fix_confidence: c.confidence,
    captured_values: captured,
    errors,
    patterns_found: [...new Set(c.scored.filter((s) => s.rule && s.score >= 40).map((s) => s.rule!.id))],
    recommendations: recommendations(c.category, captured),
    affected_files: files,
    log_snippets: root ? [context(c, root).join('\n')] : [],
    exit_code: c.step?.exitCode ?? null,
    fingerprint: fingerprint({ category: c.category, root: rootText, step: c.step?.name ?? null, job: meta.job_name ?? null, names: [captured.package, captured.module, captured.variable, captured.file] }),
    notes,
  };
  return redactDeep(analysis);
}
