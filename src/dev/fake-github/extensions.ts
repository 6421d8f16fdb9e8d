// Request fields GitHub documents but @octokit/openapi 23 does not describe yet. Each entry is an
// explicit, reviewed exception to "the OpenAPI description is the contract"; keep this list short.
import type { Identity } from './auth.js';
import { GitHubError } from './http.js';

type Check = (value: unknown, body: Record<string, unknown>, identity: Identity) => void;

export const COPILOT_LOGINS = ['copilot-swe-agent[bot]', 'copilot-swe-agent', 'copilot'];

const AGENT_FIELDS: Record<string, boolean> = {
  target_repo: true,
  base_branch: true,
  custom_instructions: true,
  custom_agent: false,
  model: false,
};

/**
 * `agent_assignment`: GitHub changelog 2025-12-03, "Assign issues to Copilot using the API"
 * (https://github.blog/changelog/2025-12-03-assign-issues-to-copilot-using-the-api) and github/docs
 * `copilot/how-tos/use-copilot-agents/cloud-agent/create-a-pr.md`. Documented for a user token only.
 */
const agentAssignment: Check = (value, body, identity) => {
  const bad = (msg: string): GitHubError =>
    new GitHubError(422, 'Validation Failed', [{ resource: 'Issue', field: 'agent_assignment', code: 'invalid', message: msg }]);
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw bad('agent_assignment must be an object');
  const v = value as Record<string, unknown>;
  for (const [key, required] of Object.entries(AGENT_FIELDS)) {
    if (v[key] === undefined) {
      if (required) throw bad(`agent_assignment.${key} is required`);
    } else if (typeof v[key] !== 'string') {
      throw bad(`agent_assignment.${key} must be a string`);
    }
  }
  const unknown = Object.keys(v).filter((k) => !(k in AGENT_FIELDS));
  if (unknown.length) throw bad(`agent_assignment has unknown fields: ${unknown.join(', ')}`);
  if (!/^[^/\s]+\/[^/\s]+$/.test(String(v.target_repo))) throw bad('agent_assignment.target_repo must be "owner/repo"');
  const assignees = Array.isArray(body.assignees) ? body.assignees : [];
  const names = assignees.map((a) => (typeof a === 'string' ? a : String((a as { login?: string }).login ?? '')).toLowerCase());
  if (!names.some((n) => COPILOT_LOGINS.includes(n))) throw bad('agent_assignment needs "copilot-swe-agent[bot]" in assignees');
  if (identity.kind !== 'user') {
    throw new GitHubError(403, 'Assigning Copilot requires a user token (PAT or user-to-server), not an installation token');
  }
};

const EXTENSIONS: Record<string, Record<string, Check>> = {
  'issues/add-assignees': { agent_assignment: agentAssignment },
  'issues/create': { agent_assignment: agentAssignment },
  'issues/update': { agent_assignment: agentAssignment },
};

/** Checks the extension fields present in the body; returns their names so they are not "unknown". */
export function checkExtensions(operationId: string, body: unknown, identity: Identity): string[] {
  const ext = EXTENSIONS[operationId];
  if (!ext || !body || typeof body !== 'object' || Array.isArray(body)) return [];
  const b = body as Record<string, unknown>;
  const present = Object.keys(ext).filter((k) => b[k] !== undefined);
  for (const k of present) ext[k]!(b[k], b, identity);
  return present;
}
