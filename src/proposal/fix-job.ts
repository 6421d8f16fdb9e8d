// Job-level mechanical fixes: timeout-minutes and the GITHUB_TOKEN permissions block.
import { isMap, isScalar, type Node } from 'yaml';
import { insertIntoJob, insertIntoMap, spaces, stepOf, type EditCtx, type Fix } from './edit-context.js';
import { blockMap, pairOf, replaceScalar, scalarText } from './yaml-text.js';

/** GitHub's ceiling for a job on hosted runners; nothing to raise beyond it. */
const MAX_MINUTES = 360;

function minutes(node: unknown): number | null {
  if (!isScalar(node)) return null;
  const n = typeof node.value === 'number' ? node.value : typeof node.value === 'string' ? Number(node.value) : NaN;
  return Number.isInteger(n) && n > 0 ? n : null;
}

/** Double, at least +10 minutes, capped at 360. */
export function raisedTimeout(current: number): number {
  return Math.min(MAX_MINUTES, Math.max(current * 2, current + 10));
}

/** Keep the scalar's type in the plain-data mirror: a quoted '15' becomes the string '30'. */
const sameType = (node: unknown, n: number): number | string => (isScalar(node) && typeof node.value === 'string' ? String(n) : n);

export function fixTimeout(c: EditCtx): Fix | null {
  // Only a limit the runner enforced, named in the log, is fixed by raising it. A test framework's
  // own timeout ("Exceeded timeout of 5000 ms") or a bare "The operation was canceled" (also seen
  // on manual or fail-fast cancellation) is not certain enough, and is left to Copilot.
  const jobLimit = /exceeded the maximum execution time of \d+/i.test(c.evidence);
  const stepLimit = /has timed out after \d+ ?minutes?/i.test(c.evidence);
  const jobPair = pairOf(c.loc.job, 'timeout-minutes');
  const jobValue = jobPair ? minutes(jobPair.value) : null;
  const step = c.loc.step;
  const stepPair = step ? pairOf(step.node, 'timeout-minutes') : undefined;
  if (stepLimit && step && stepPair) {
    const cur = minutes(stepPair.value);
    if (cur === null) return null;
    // A step cannot outlive its job, so its new limit stops at the job's.
    const next = Math.min(raisedTimeout(cur), jobValue ?? MAX_MINUTES);
    const edit = next > cur ? replaceScalar(c.src, stepPair.value as Node, String(next)) : null;
    if (!edit) return null;
    return {
      edits: [edit],
      summary: [`${c.path}.steps[${step.index}].timeout-minutes: ${cur} → ${next} (step "${step.label}")`],
      title: `raise the timeout of step "${step.label}" to ${next} min`,
      mutate: (j) => void (stepOf(j, step.index)['timeout-minutes'] = sameType(stepPair.value, next)),
    };
  }
  // Absent: the job already had the 360-minute maximum; raising is impossible.
  if (!jobLimit || !jobPair || jobValue === null || jobValue >= MAX_MINUTES) return null;
  const next = raisedTimeout(jobValue);
  const edit = replaceScalar(c.src, jobPair.value as Node, String(next));
  if (!edit) return null;
  return {
    edits: [edit],
    summary: [`${c.path}.timeout-minutes: ${jobValue} → ${next}`],
    title: `raise the timeout of job ${c.loc.jobKey} to ${next} min`,
    mutate: (j) => void (j['timeout-minutes'] = sameType(jobPair.value, next)),
  };
}

// Scopes of GITHUB_TOKEN, recognized from the failing call. Order matters: the more specific
// signs first (a ghcr.io push is `packages`, even though it is also a "push").
const SCOPE_RULES: [string, RegExp][] = [
  ['packages', /ghcr\.io|write_package|write:packages|\bpackages?\b.*\b(denied|forbidden|403)\b/i],
  ['id-token', /ACTIONS_ID_TOKEN_REQUEST|id-token|\bOIDC\b/i],
  ['pull-requests', /pull[ _-]?requests?\b|\/pulls\b|createReview|requested_reviewers/i],
  ['issues', /\/issues\b|\bissues?\b.*\b(comment|label)|addLabels|createComment/i],
  ['checks', /\/check-runs|check[ _-]?runs?\b|checks\.create/i],
  ['statuses', /\/statuses\//i],
  ['actions', /\/actions\/(workflows|runs)\b/i],
  ['contents', /remote: Permission to .+ denied|git push|\/git\/refs|\/contents\/|\/releases\b|returned error: 403|refs\/heads\//i],
];
// Without one of these the "permission denied" is likely a file mode or an SSH key, not the token.
const TOKEN_SIGN = /Resource not accessible by integration|GITHUB_TOKEN|github-actions\[bot\]|\b403\b|Forbidden|denied to|ghcr\.io|ACTIONS_ID_TOKEN/i;

export function neededScope(evidence: string): string | null {
  if (!TOKEN_SIGN.test(evidence)) return null;
  return SCOPE_RULES.find(([, re]) => re.test(evidence))?.[0] ?? null;
}

const SIMPLE = /^[a-z-]+$/;

export function fixPermissions(c: EditCtx): Fix | null {
  const scope = neededScope(c.evidence);
  if (!scope) return null;
  const own = pairOf(c.loc.job, 'permissions');
  if (own) {
    // `read-all`, `write-all` or a flow map: not something to patch line by line.
    const map = blockMap(own.value);
    if (!map) return null;
    const existing = pairOf(map, scope);
    if (existing) {
      const cur = scalarText(existing.value);
      // Already `write`: the token is not the problem (e.g. a fork's read-only token); no edit.
      const edit = cur === 'write' ? null : replaceScalar(c.src, existing.value as Node, 'write');
      if (!edit) return null;
      return {
        edits: [edit],
        summary: [`${c.path}.permissions.${scope}: ${cur} → write`],
        title: `grant ${scope}: write to job ${c.loc.jobKey}`,
        mutate: (j) => void ((j.permissions as Record<string, string>)[scope] = 'write'),
      };
    }
    const edit = insertIntoMap(c, map, [`${scope}: write`], map.items[map.items.length - 1]);
    if (!edit) return null;
    return {
      edits: [edit],
      summary: [`${c.path}.permissions: + ${scope}: write`],
      title: `grant ${scope}: write to job ${c.loc.jobKey}`,
      mutate: (j) => void ((j.permissions as Record<string, string>)[scope] = 'write'),
    };
  }
  // A job-level block replaces the workflow-level one for this job, so copy that one; without
  // either, the job keeps `contents: read` (checkout needs it) next to the new scope.
  const top = c.doc.get('permissions', true);
  if (top !== undefined && !isMap(top)) return null;
  const base = top ? (top.toJSON() as Record<string, unknown>) : { contents: 'read' };
  const perms: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) {
    if (!SIMPLE.test(k) || typeof v !== 'string' || !SIMPLE.test(v)) return null;
    perms[k] = v;
  }
  perms[scope] = 'write';
  const lines = ['permissions:', ...Object.entries(perms).map(([k, v]) => `${spaces(c.unit)}${k}: ${v}`)];
  const edit = insertIntoJob(c, lines);
  if (!edit) return null;
  const kept = Object.entries(perms).filter(([k]) => k !== scope).map(([k, v]) => `${k}: ${v}`);
  return {
    edits: [edit],
    summary: [
      `${c.path}.permissions: (new) ${scope}: write` +
        (kept.length ? `, keeping ${kept.join(', ')}${top ? ' from the workflow-level block' : ''}` : ''),
    ],
    title: `grant ${scope}: write to job ${c.loc.jobKey}`,
    mutate: (j) => void (j.permissions = { ...perms }),
  };
}
