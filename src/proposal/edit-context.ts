// What every mechanical fix receives and returns. A fix only *describes* a change (text edits plus
// the same change on plain data); workflow-edit.ts applies it and verifies the two agree.
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import type { Analysis } from '../analysis/types.js';
import type { FailureLocation } from './workflow-find.js';
import { aboveComments, afterPair, insertLines, keyColumn, pairOf, rangeOf, type TextEdit } from './yaml-text.js';

export interface EditOptions {
  /**
   * runs-on label for the larger-runner change (exit 137 / Killed). Larger runners are set up per
   * organization, so the default `<label>-8-cores` is a guess the PR summary says to check.
   */
  largerRunner?: string;
}

export interface EditCtx {
  src: string;
  doc: Document;
  eol: string;
  /** Indentation step of the file (2 in most workflows). */
  unit: number;
  analysis: Analysis;
  loc: FailureLocation;
  /** `jobs.<key>`, for summary lines. */
  path: string;
  /** Root cause, error lines, their context and snippets: the text fixes look for evidence in. */
  evidence: string;
  opts: EditOptions;
}

export interface Fix {
  edits: TextEdit[];
  summary: string[];
  /** What the change does, short (PR title, commit subject). */
  title: string;
  /** The same change applied to the job as plain data (toJS), for verification. */
  mutate: (job: Record<string, unknown>) => void;
}

export const spaces = (n: number): string => ' '.repeat(n);

/** The step object inside a job's plain data. */
export function stepOf(job: Record<string, unknown>, index: number): Record<string, unknown> {
  const steps = job.steps as Record<string, unknown>[];
  const step = steps[index];
  if (!step) throw new Error(`no step ${index}`);
  return step;
}

/**
 * Inserts `key:` lines into a block map: after `after` when given, else after the map's first
 * pair (never before it: in a sequence item the first key shares the line with `- `).
 */
export function insertIntoMap(c: EditCtx, map: YAMLMap, lines: string[], after?: Pair): TextEdit | null {
  const anchor = after ?? map.items[0];
  const col = keyColumn(c.src, map);
  const at = anchor ? afterPair(c.src, anchor) : null;
  if (col === null || at === null) return null;
  return insertLines(c.src, at, lines.map((l) => spaces(col) + l), c.eol);
}

/** Where a new job-level key goes: after `runs-on`, else above `steps`. */
export function insertIntoJob(c: EditCtx, lines: string[]): TextEdit | null {
  const job = c.loc.job;
  const runsOn = pairOf(job, 'runs-on');
  if (runsOn) return insertIntoMap(c, job, lines, runsOn);
  const steps = rangeOf(pairOf(job, 'steps')?.key as Node | undefined);
  const col = keyColumn(c.src, job);
  if (!steps || col === null) return null;
  return insertLines(c.src, aboveComments(c.src, steps[0]), lines.map((l) => spaces(col) + l), c.eol);
}

/** Runner OS from runs-on, or null when it cannot be known (expressions, bare self-hosted). */
export function runnerOs(job: YAMLMap): 'linux' | 'windows' | 'macos' | null {
  const raw = JSON.stringify(job.toJSON()['runs-on'] ?? null);
  if (raw.includes('${{')) return null;
  if (/windows/i.test(raw)) return 'windows';
  if (/macos/i.test(raw)) return 'macos';
  if (/ubuntu|linux/i.test(raw)) return 'linux';
  return null;
}
