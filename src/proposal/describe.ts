// Words for each kind of fix: a short title phrase and, when no mechanical edit exists, a precise
// description of the change for a person or the Copilot coding agent to make.
import type { Analysis, FixType } from '../analysis/types.js';
import { code } from './markdown.js';

interface Where {
  /** Workflow file path, when known. */
  file: string | null;
}

const q = (v: string | undefined): string => (v ? ` ${code(v)}` : '');

function firstFile(a: Analysis): string {
  const f = a.affected_files[0] ?? (a.captured_values.file ? { path: a.captured_values.file } : null);
  if (!f) return '';
  return ` in ${code(f.path + (f.line ? `:${f.line}` : ''))}`;
}

/** A few words for the PR title / commit subject. */
export function fixTitle(a: Analysis): string {
  const v = a.captured_values;
  const titles: Record<FixType, string> = {
    add_dependency: `add missing dependency ${v.package ?? v.module ?? ''}`.trim(),
    fix_syntax: 'fix syntax/compile error',
    fix_test: 'fix failing test',
    increase_timeout: `fix timeout of job ${a.job ?? ''}`.trim(),
    fix_permissions: 'fix token permissions',
    add_retry: 'make the network-bound step resilient',
    fix_docker: 'fix Docker setup',
    increase_resources: 'fix resource exhaustion',
    add_env_variable: `define ${v.variable ?? 'the missing environment variable'}`,
    fix_lint: 'fix lint errors',
    fix_workflow: 'fix workflow file',
    author_action: 'address repository policy check',
    manual: `fix ${a.error_type || 'failure'}`,
  };
  return titles[a.fix_type];
}

/** What to change, stated so someone (or Copilot) can do it without re-reading the log. */
export function fixDescription(a: Analysis, where: Where): string {
  const v = a.captured_values;
  const wf = where.file ? code(where.file) : 'the workflow file';
  const job = a.job ? ` job ${code(a.job)}` : ' the failing job';
  const step = a.step ? `step ${code(a.step)}` : 'the failing step';
  const texts: Record<FixType, string> = {
    add_dependency: `Declare the missing dependency${q(v.package ?? v.module)} in the project's manifest and lockfile (package.json, requirements.txt / pyproject.toml, go.mod, Cargo.toml: whichever ${step} uses) so a clean install provides it. Do not install it ad hoc in the workflow.`,
    fix_syntax: `Fix the syntax/compile error${firstFile(a)} reported by ${step}. Change the source, not the compiler or linter settings.`,
    fix_test: `Make the failing test pass by fixing the code under test${firstFile(a)} (or the test itself if its expectation is wrong). Do not skip, delete or loosen the test.`,
    increase_timeout: `Find why ${step} in${job} runs longer than allowed (a hang, a slow or stuck test, a missing cache) and fix that. Only if the work is legitimately longer, raise \`timeout-minutes\` of${job} in ${wf}.`,
    fix_permissions: `Give${job} the access it lacks: add the missing scope to a job-level \`permissions:\` block in ${wf} (least privilege, never \`write-all\`), or fix the credential ${step} uses if it is not \`GITHUB_TOKEN\`.`,
    add_retry: `Make ${step} resilient to transient network errors${q(v.host)}: retry the command (3 attempts with backoff), use the package manager's own retry setting, or cache the download.`,
    fix_docker: `Fix the Docker setup of${job} in ${wf}: make sure the daemon is available (use a Linux runner or \`docker/setup-buildx-action\`), log in to the registry before pulling or pushing, and check the image name and tag in the failing command.`,
    increase_resources: `Reduce the memory or disk use of ${step} (smaller parallelism, cleaned build artefacts, streaming instead of loading whole files), or give it more: \`NODE_OPTIONS=--max-old-space-size\` for Node heap errors, freeing preinstalled SDKs for disk space, a larger runner for processes killed with exit 137.`,
    add_env_variable: `Define${q(v.variable) || ' the missing environment variable'} for ${step} in ${wf}: an \`env:\` entry from a secret or variable (\`\${{ secrets.NAME }}\` / \`\${{ vars.NAME }}\`), and say in the PR which secret must exist. Never commit a secret value.`,
    fix_lint: `Fix the reported lint errors${firstFile(a)} in the code. Do not disable the rule, add ignore comments, or relax the linter configuration.`,
    fix_workflow: `Fix the workflow definition of${job} in ${wf} (invalid key, expression, shell or action reference, as the root cause says), changing only what the error points to.`,
    author_action: 'This is a repository policy check (PR title, labels, description, changelog...). The author of the change has to act; no code change is proposed.',
    manual: 'The cause could not be classified automatically. Start from the root cause line and the log excerpt; reproduce the failing command locally.',
  };
  return texts[a.fix_type];
}
