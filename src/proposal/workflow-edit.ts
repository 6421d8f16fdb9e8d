// The one mechanical change to a workflow file that an Analysis justifies, or null. Only the
// failing job is touched; untouched lines stay byte-identical because we splice text at node
// ranges found by `yaml`'s parseDocument instead of re-serializing the document.
import { parseDocument } from 'yaml';
import type { Analysis, FixType } from '../analysis/types.js';
import type { WorkflowEdit } from './types.js';
import type { EditCtx, EditOptions, Fix } from './edit-context.js';
import { fixPermissions, fixTimeout } from './fix-job.js';
import { fixResources, fixRetry, fixShell } from './fix-step.js';
import { locate } from './workflow-find.js';
import { applyEdits, column, keyColumn, rangeOf, verify } from './yaml-text.js';

export type { EditOptions } from './edit-context.js';

// Keyed by fix_type so a per-category `fix_type` override in the config is honoured.
const FIXES: Partial<Record<FixType, (c: EditCtx) => Fix | null>> = {
  increase_timeout: fixTimeout,
  fix_permissions: fixPermissions,
  add_retry: fixRetry,
  increase_resources: fixResources,
  fix_workflow: fixShell,
};

/** The text a fix looks for evidence in: root cause first, then error lines, context and snippets. */
function evidenceOf(a: Analysis): string {
  return [a.root_cause, ...a.errors.flatMap((e) => [e.text, ...e.context]), ...a.log_snippets].join('\n');
}

export function editWorkflow(text: string, path: string, analysis: Analysis, opts: EditOptions = {}): WorkflowEdit | null {
  // A policy check is the author's to fix, and an unknown failure has nothing mechanical about it.
  if (analysis.category === 'policy_check' || analysis.category === 'unknown') return null;
  const fixer = FIXES[analysis.fix_type];
  if (!fixer) return null;
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return null;
  const loc = locate(doc, analysis);
  if (!loc) return null;
  const jobCol = keyColumn(text, loc.job);
  const keyRange = rangeOf(loc.jobPair.key as Parameters<typeof rangeOf>[0]);
  const unit = jobCol !== null && keyRange ? jobCol - column(text, keyRange[0]) : 2;
  const ctx: EditCtx = {
    src: text,
    doc,
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    unit: unit > 0 ? unit : 2,
    analysis,
    loc,
    path: `jobs.${loc.jobKey}`,
    evidence: evidenceOf(analysis),
    opts,
  };
  const fix = fixer(ctx);
  if (!fix) return null;
  const content = applyEdits(text, fix.edits);
  // The splice must mean exactly the intended change, else we propose nothing rather than a
  // file that differs in ways nobody reviewed.
  if (content === text || !verify(doc, content, loc.jobKey, fix.mutate)) return null;
  return { path, content, summary: fix.summary, title: fix.title };
}
