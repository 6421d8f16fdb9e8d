// Decides which step failed, which line states the cause and what kind of failure it is.
// Evidence is weighted by where it stands: the failing step counts, `##[error]` annotations
// count more, lines also seen in the last green run count little.
import type { Category, JobMeta } from './types.js';
import type { LogLine, LogModel, StepRecord } from './reader.js';
import { matchLine, type Rule, type RuleSet } from './rules/index.js';
import { normalizeLine } from './clean.js';
import { stepHints, type Hint } from './hints.js';

export interface ScoredLine {
  line: LogLine;
  score: number;
  rule: Rule | null;
  groups: Record<string, string>;
  inBaseline: boolean;
  /** A line that is never the cause (a veto rule matched). */
  vetoed: boolean;
}

export interface Classification {
  step: StepRecord | null;
  category: Category;
  confidence: number;
  root: ScoredLine | null;
  scored: ScoredLine[];
  reasons: string[];
}

const FIRST_TOLERANCE = 6;
const WEAK = 25;

// Prefixes that wrappers put before the inner tool's output: BuildKit (`#11 2.068 `), Docker
// Compose and Dependabot (`updater | `), pytest's `E   ` is kept (rules know it).
const WRAPPER_PREFIX = /^(?:│\s|#\d+ (?:\d+\.\d+ )?|\s*[\w.-]+(?:-\d+)?\s+\|\s(?!\s*\S+\s*\|$))/;

export function matchText(set: RuleSet, text: string) {
  const inner = text.replace(WRAPPER_PREFIX, '');
  return matchLine(set, inner.trimStart());
}

const AFTER_FAILURE = /\b(?:rm|clean|clean ?up|teardown|tear down|stop|kill|down|upload|artifacts?|archive|reports?|publish|coverage|codecov|notify|slack|logs?|summary|save|cache|collect|diagnostics?|debug|dump)\b/i;

export function findFailingStep(model: LogModel, meta?: JobMeta): StepRecord | null {
  const main = model.steps.filter((s) => !s.post);
  const wanted = meta?.failed_step ?? meta?.steps?.find((s) => s.conclusion === 'failure')?.name;
  if (wanted) {
    const w = wanted.trim().toLowerCase();
    const exact = main.find((s) => s.name.toLowerCase() === w || s.name.toLowerCase() === `run ${w}`);
    if (exact && (exact.errors.length > 0 || exact.exitCode !== null || exact.canceled)) return exact;
  }
  const failing = main.filter((s) => (s.exitCode !== null && s.exitCode !== 0) || s.errors.length > 0 || s.canceled);
  // After a step fails, the runner skips ordinary steps: only `if: always()` ones (cleanup,
  // uploads, reports) still run. An ordinary step running after a failed one therefore means
  // that failure did not stop the job (continue-on-error), and the job's failure is later.
  let at = failing.findIndex((f) => !main.some((s) => s.index > f.index && !AFTER_FAILURE.test(s.name)));
  if (at === -1) at = 0;
  // A step that only re-raises an earlier failure (`run: exit 1`) says nothing: the cause is in
  // the failed step before it.
  while (at > 0 && failing[at]!.lines.every((l) => l.annotated || l.text.trim() === '')) at--;
  const failed = failing[at];
  if (failed) return failed;
  // A post step can be the only one that failed (a cache save, a cleanup).
  return model.steps.find((s) => s.errors.length > 0) ?? main[main.length - 1] ?? null;
}

function scoreLines(step: StepRecord, set: RuleSet, baseline: Set<string> | null): ScoredLine[] {
  const out: ScoredLine[] = [];
  let carry: { score: number; rule: Rule } | null = null;
  for (const line of step.lines) {
    const text = line.text;
    if (text.trim().length === 0) continue;
    const m = matchText(set, text);
    let score = 0;
    let rule: Rule | null = null;
    let groups: Record<string, string> = {};
    if (m !== 'veto') {
      if (m) {
        rule = m.rule;
        groups = m.groups;
        score = m.rule.score;
      }
      const generic = !rule || rule.category === 'unknown';
      if (line.annotated) score = generic ? Math.max(score + 14, 50) : score + 8;
      if (carry) {
        if (score < carry.score + 30) {
          score = Math.max(score, carry.score + 50);
          rule ??= carry.rule;
        }
        carry = null;
      }
      if (rule?.next) carry = { score: rule.score, rule };
    } else {
      carry = null;
    }
    const inBaseline = baseline !== null && baseline.has(normalizeLine(text));
    if (inBaseline) score = Math.round(score * 0.3);
    out.push({ line, score, rule, groups, inBaseline, vetoed: m === 'veto' });
  }
  return out;
}

/** The last line the failing command printed that says anything (rule 7 of the labels). */
function lastMeaningful(scored: ScoredLine[]): ScoredLine | null {
  const meaningful = (s: ScoredLine) => !s.vetoed && /[A-Za-z0-9]{2}/.test(s.line.text);
  // Prefer a line the green run did not print; fall back to any.
  for (const pass of [true, false]) {
    for (let i = scored.length - 1; i >= 0; i--) {
      const s = scored[i]!;
      if (meaningful(s) && !(pass && s.inBaseline)) return s;
    }
  }
  return null;
}

function pickRoot(scored: ScoredLine[], accept: (s: ScoredLine) => boolean): ScoredLine | null {
  let max = 0;
  for (const s of scored) if (accept(s) && s.score > max) max = s.score;
  if (max < WEAK) return null;
  return scored.find((s) => accept(s) && s.score >= max - FIRST_TOLERANCE) ?? null;
}

// For these kinds the first finding is the cause and later ones follow from it (compile errors,
// lint findings, the first failing test): the earliest line strong enough wins.
const FIRST_WINS: Partial<Record<Category, number>> = { syntax_error: 84, lint_error: 75, test_failure: 78 };

function pickFirst(scored: ScoredLine[], category: Category, min: number): ScoredLine | null {
  const plainError = category === 'test_failure';
  const first = (
    scored.find((s) => !s.inBaseline && ((s.rule?.category === category && s.score >= min) || (plainError && s.rule?.id === 'generic.exception' && s.score >= 60))) ??
    pickRoot(scored, (s) => s.rule?.category === category)
  );
  return first?.rule?.block ? insideBlock(scored, first) : first;
}

// The detail a block header introduces: the strongest line of its kind before the next header.
function insideBlock(scored: ScoredLine[], header: ScoredLine): ScoredLine {
  let best = header;
  for (let i = scored.indexOf(header) + 1; i < scored.length; i++) {
    const s = scored[i]!;
    if (s.rule === header.rule) break;
    if (s.rule?.category === header.rule?.category && s.score > best.score) best = s;
  }
  return best;
}

function bestByCategory(scored: ScoredLine[]): Map<Category, number> {
  const best = new Map<Category, number>();
  for (const s of scored) {
    const c = s.rule?.category;
    if (!c || c === 'unknown') continue;
    best.set(c, Math.max(best.get(c) ?? 0, s.score));
  }
  return best;
}

function decideCategory(step: StepRecord, model: LogModel, scored: ScoredLine[], hint: Hint | null, reasons: string[]): { category: Category; specific: number } {
  const best = bestByCategory(scored);
  let category: Category = 'unknown';
  let specific = 0;
  for (const [c, s] of best) if (s > specific) [category, specific] = [c, s];
  if (specific < 60) {
    category = 'unknown';
    specific = 0;
  }

  const maxExec = model.jobMessages.some((m) => /exceeded the maximum execution time|execution time exceeded/i.test(m.text));
  const canceledAlone = step.canceled && !model.jobMessages.some((m) => /canceled because|cancelled because/i.test(m.text));
  if (maxExec || (canceledAlone && specific < 95) || (step.exitCode === 124 && specific < 90)) {
    reasons.push(maxExec ? 'the job hit its maximum execution time' : step.exitCode === 124 ? 'the step was killed by `timeout` (exit 124)' : 'the step was canceled while running');
    return { category: 'timeout', specific: maxExec ? 96 : 80 };
  }
  if ((step.exitCode === 137 || step.exitCode === -9) && specific < 88 && category !== 'test_failure') {
    reasons.push('the step was killed (exit 137: SIGKILL, usually out of memory)');
    return { category: 'resource_error', specific: 82 };
  }
  if (category === 'dependency_error' && (best.get('network_error') ?? 0) >= 80) {
    reasons.push('the package could not be resolved because the registry was unreachable');
    return { category: 'network_error', specific: best.get('network_error')! };
  }
  if (hint) {
    const overridable = category === 'unknown' || category === 'test_failure';
    if (hint.category === 'policy_check' && (category === 'unknown' || category === 'lint_error' || category === 'test_failure') && specific < 88) {
      reasons.push(`the step "${step.name}" is a repository policy check`);
      return { category: 'policy_check', specific: Math.max(specific, 70) };
    }
    if (hint.category === 'lint_error' && overridable) {
      reasons.push(`the step "${step.name}" is a lint/format check`);
      return { category: 'lint_error', specific: Math.max(specific, 72) };
    }
    if (category === 'unknown') {
      reasons.push(`no specific signature; the step "${step.name}" suggests ${hint.category}`);
      return { category: hint.category, specific: hint.strength };
    }
  }
  return { category, specific };
}

export function classify(model: LogModel, set: RuleSet, meta?: JobMeta, baseline: Set<string> | null = null): Classification {
  const reasons: string[] = [];
  const step = findFailingStep(model, meta);
  if (!step) return { step: null, category: 'unknown', confidence: 10, root: null, scored: [], reasons: ['the log holds no step output'] };
  const scored = scoreLines(step, set, baseline);
  const hint = stepHints(step, meta?.failed_step);
  const { category, specific } = decideCategory(step, model, scored, hint, reasons);

  let root: ScoredLine | null = null;
  if (category === 'timeout') {
    const msg = scored.find((s) => s.rule?.category === 'timeout' && s.score >= 90);
    root = msg ?? (step.exitCode === 124 ? pickRoot(scored, (s) => s.rule?.category === 'timeout') : null) ?? lastMeaningful(scored);
  } else if (category === 'network_error' && specific >= 80) {
    root = pickRoot(scored, (s) => s.rule?.category === 'network_error');
  } else if (FIRST_WINS[category] !== undefined) {
    root = pickFirst(scored, category, FIRST_WINS[category]!);
  } else if (category !== 'unknown') {
    root = pickRoot(scored, (s) => s.rule?.category === category);
  }
  root ??= pickRoot(scored, () => true) ?? lastMeaningful(scored);

  let confidence: number;
  if (category === 'unknown') confidence = root && root.score >= 45 ? 35 : 25;
  else {
    confidence = specific;
    if (root?.inBaseline) confidence -= 20;
    if (hint && hint.category === category) confidence += 3;
    if (root && root.rule?.category !== category && category !== 'timeout') confidence -= 12;
  }
  const failed = (step.exitCode !== null && step.exitCode !== 0) || step.errors.length > 0 || step.canceled || model.jobMessages.length > 0;
  if (!failed) {
    // A green or cut log: the best line may be noise, so nothing should act on it alone.
    confidence = Math.min(confidence, 30);
    reasons.push('no step of this log reports a failure (no ##[error], no non-zero exit code)');
  }
  confidence = Math.max(5, Math.min(97, Math.round(confidence)));
  if (root?.rule) reasons.push(`rule ${root.rule.id} matched the root line`);
  return { step, category, confidence, root, scored, reasons };
}
