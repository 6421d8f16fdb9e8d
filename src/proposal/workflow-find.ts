// Finds the failing job and step in a workflow file from the names the log/API gave us. Editing
// the wrong job would be worse than no edit, so every lookup demands a unique match and returns
// null on doubt (no match, or two candidates equally good).
import { isMap, isScalar, isSeq, parseDocument, type Document, type Pair, type YAMLMap } from 'yaml';
import type { Analysis } from '../analysis/types.js';
import { blockMap, scalarText } from './yaml-text.js';

export interface FailingStep {
  node: YAMLMap;
  index: number;
  /** `name:` if any, else GitHub's display `Run <first line>` / `Run <action>`. */
  label: string;
}

export interface FailureLocation {
  jobKey: string;
  job: YAMLMap;
  jobPair: Pair;
  step: FailingStep | null;
}

const norm = (s: string): string => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** `name: Test ${{ matrix.os }}` matches `Test ubuntu-latest`: expressions become wildcards. */
function templateMatches(template: string, actual: string): boolean {
  if (!template.includes('${{')) return false;
  const parts = norm(template).split(/\$\{\{[\s\S]*?\}\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.+?')}$`, 's').test(norm(actual));
}

/** The first candidate tier with matches decides; it must hold exactly one. */
function unique<T>(tiers: T[][]): T | null {
  for (const tier of tiers) {
    if (tier.length === 1) return tier[0] ?? null;
    if (tier.length > 1) return null;
  }
  return null;
}

function findJob(doc: Document, wanted: string): Pair | null {
  const jobs = blockMap(doc.get('jobs', true));
  if (!jobs) return null;
  const w = norm(wanted);
  // Matrix jobs are reported as `name (v1, v2)` when the name has no expression of its own.
  const base = /^(.*\S)\s+\(.*\)$/s.exec(wanted)?.[1];
  const exact: Pair[] = [];
  const loose: Pair[] = [];
  for (const pair of jobs.items) {
    const key = scalarText(pair.key);
    if (key === null || !isMap(pair.value)) continue;
    const name = scalarText(pair.value.get('name', true));
    if (norm(key) === w || (name !== null && norm(name) === w)) exact.push(pair);
    else if (name !== null && templateMatches(name, wanted)) loose.push(pair);
    else if (base && pair.value.has('strategy') && (norm(key) === norm(base) || (name !== null && norm(name) === norm(base)))) loose.push(pair);
  }
  return unique([exact, loose]);
}

function firstLine(s: string): string {
  return s.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
}

export function stepLabel(step: YAMLMap): string {
  const name = scalarText(step.get('name', true));
  if (name !== null) return name;
  const run = scalarText(step.get('run', true));
  if (run !== null) return `Run ${firstLine(run)}`;
  return `Run ${scalarText(step.get('uses', true)) ?? '?'}`;
}

function findStep(job: YAMLMap, wanted: string): FailingStep | null {
  const steps = job.get('steps', true);
  if (!isSeq(steps) || steps.flow) return null;
  const w = norm(wanted);
  const byName: FailingStep[] = [];
  const byCommand: FailingStep[] = [];
  const byTemplate: FailingStep[] = [];
  steps.items.forEach((node, index) => {
    if (!isMap(node) || node.flow) return;
    const step = { node, index, label: stepLabel(node) };
    const name = scalarText(node.get('name', true));
    const run = scalarText(node.get('run', true));
    const uses = scalarText(node.get('uses', true));
    // The log's `##[group]Run <first line>` header shows the command even for named steps.
    const shown = run !== null ? `Run ${firstLine(run)}` : uses !== null ? `Run ${uses}` : null;
    if (name !== null && norm(name) === w) byName.push(step);
    else if (shown !== null && norm(shown) === w) byCommand.push(step);
    else if (name !== null && templateMatches(name, wanted)) byTemplate.push(step);
  });
  return unique([byName, byCommand, byTemplate]);
}

/** Locates the failing job (required) and step (null when unknown or not found). */
export function locate(doc: Document, analysis: Analysis): FailureLocation | null {
  if (!analysis.job) return null;
  const jobPair = findJob(doc, analysis.job);
  const job = jobPair ? blockMap(jobPair.value) : null;
  const jobKey = jobPair ? scalarText(jobPair.key) : null;
  if (!jobPair || !job || jobKey === null) return null;
  const step = analysis.step ? findStep(job, analysis.step) : null;
  return { jobKey, job, jobPair, step };
}

/** For the Copilot task: the failing job key, step label and its command, when found. */
export function describeFailingStep(text: string, analysis: Analysis): { jobKey: string; step: string | null; run: string | null } | null {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return null;
  const loc = locate(doc, analysis);
  if (!loc) return null;
  const run = loc.step ? scalarText(loc.step.node.get('run', true)) : null;
  return { jobKey: loc.jobKey, step: loc.step?.label ?? null, run };
}

/** runs-on as a plain label, or null (arrays, groups, expressions). */
export function runsOnLabel(job: YAMLMap): string | null {
  const v = job.get('runs-on', true);
  return isScalar(v) && typeof v.value === 'string' && !v.value.includes('${{') ? v.value : null;
}

/** The shell a `run:` step gets: its own, else job then workflow `defaults.run.shell`. */
export function effectiveShell(doc: Document, job: YAMLMap, step: YAMLMap): string | null {
  const own = scalarText(step.get('shell', true));
  if (own !== null) return own;
  const jobDefault = scalarText(job.getIn(['defaults', 'run', 'shell'], true));
  if (jobDefault !== null) return jobDefault;
  return scalarText(doc.getIn(['defaults', 'run', 'shell'], true));
}
