// The Markdown sections shared by the issue and the PR body. Every value from the log or the
// workflow is put in a code span, a table cell or a fence, so it cannot break the layout.
import { ERROR_TYPE_NAMES, type Analysis } from '../analysis/types.js';
import type { ProposalContext, WorkflowEdit } from './types.js';
import { bullets, cell, clip, code, fence, noMentions } from './markdown.js';
import { changedLines } from './yaml-text.js';

export const workflowLabel = (a: Analysis): string => a.workflow_name || 'workflow';

/** "The `CI` workflow failed in job `build`, step `Run tests`: Timeout." */
export function failureSentence(a: Analysis): string {
  const where = [a.job ? `in job ${code(a.job)}` : '', a.step ? `step ${code(a.step)}` : ''].filter(Boolean).join(', ');
  const type = noMentions((a.error_type || ERROR_TYPE_NAMES[a.category]).replace(/\s+/g, ' '));
  return `The ${code(workflowLabel(a))} workflow failed${where ? ` ${where}` : ''}: **${type}**.`;
}

export function detailsTable(a: Analysis, ctx: ProposalContext): string {
  const link = (text: string, url?: string | null): string => (url ? `[${text}](${url})` : text);
  const rows: [string, string | null][] = [
    ['Repository', cell(ctx.repo)],
    ['Workflow', cell(workflowLabel(a)) + (ctx.workflowPath ? ` (${cell(ctx.workflowPath)})` : '')],
    ['Job', a.job ? cell(a.job) + (ctx.jobUrl ? ` (${link('job log', ctx.jobUrl)})` : '') : null],
    ['Step', a.step ? cell(a.step) : null],
    ['Run', a.run_id || ctx.runUrl ? link(a.run_id ? `run ${a.run_id}` : 'run', ctx.runUrl) : null],
    ['Exit code', a.exit_code === null ? null : cell(String(a.exit_code))],
    ['Category', `${cell(a.category)} (${ERROR_TYPE_NAMES[a.category]})`],
    ['Confidence', `${a.fix_confidence}%`],
    ['Fingerprint', cell(a.fingerprint)],
  ];
  const body = rows.filter((r): r is [string, string] => r[1] !== null).map(([k, v]) => `| ${k} | ${v} |`);
  return ['| Field | Value |', '|---|---|', ...body].join('\n');
}

/** The log text to show: the engine's snippets, else the top error's context, else nothing. */
function excerptOf(a: Analysis): string[] {
  const snippets = a.log_snippets.filter((s) => s.trim() !== '');
  if (snippets.length) return snippets;
  const ctxLines = a.errors[0]?.context ?? [];
  return ctxLines.length ? [ctxLines.join('\n')] : [];
}

export function rootCauseSection(a: Analysis, excerptMax: number): string {
  // Blocks joined by one blank line; never collapse blank lines afterwards, it would alter the log.
  const blocks = ['## Root cause', fence(clip(a.root_cause || '(no single line stood out)', 2000))];
  if (a.root_line !== null) blocks.push(`Log line ${a.root_line}.`);
  // Each snippet gets an equal share of the budget; a long log cannot push the body over the limit.
  const excerpt = excerptOf(a);
  if (excerpt.length) {
    const share = Math.floor(excerptMax / Math.min(excerpt.length, 5));
    blocks.push('Log excerpt (redacted):', ...excerpt.slice(0, 5).map((s) => fence(clip(s, share))));
    if (excerpt.length > 5) blocks.push(`… and ${excerpt.length - 5} more excerpts in the analysis.`);
  }
  if (a.notes.length) blocks.push(bullets(a.notes.map((n) => `Note: ${n}`), 10));
  return blocks.join('\n\n');
}

/** The edit as a small diff (our edits touch one contiguous region), for the issue and PR. */
export function editSection(edit: WorkflowEdit, before: string | null | undefined): string {
  const parts = [`A change to ${code(edit.path)}:`, '', bullets(edit.summary, 20)];
  if (before) {
    const d = changedLines(before, edit.content);
    const diff = [`@@ line ${d.line} @@`, ...d.removed.map((l) => `-${l}`), ...d.added.map((l) => `+${l}`)].join('\n');
    parts.push('', fence(clip(diff.replace(/\r/g, ''), 6000), 'diff'));
  }
  return parts.join('\n');
}

export function listsSection(a: Analysis): string {
  const parts: string[] = [];
  if (a.recommendations.length) parts.push('## Recommendations', '', bullets(a.recommendations, 20));
  if (a.affected_files.length) {
    const files = a.affected_files.map((f) => `${code(f.path)}${f.line ? ` line ${f.line}` : ''}${f.column ? `, column ${f.column}` : ''}`);
    parts.push(...(parts.length ? [''] : []), '## Affected files', '', bullets(files, 50));
  }
  return parts.join('\n');
}
