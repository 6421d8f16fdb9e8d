// What to do about a failure, per category, filled with the captured values. Plain data so
// teams can read (and later override) it.
import type { Category, CapturedValues } from './types.js';

const TEXT: Record<Category, string[]> = {
  dependency_error: [
    'Declare {package|the missing package} in the project manifest (package.json, requirements.txt, pyproject.toml, Cargo.toml, go.mod, build.gradle) and commit the updated lock file.',
    'Check the name and version exist in the registry; regenerate the lock file if it is out of sync with the manifest.',
    'Cache dependencies in the workflow (actions/setup-node `cache:`, actions/setup-python `cache:`) so installs are repeatable.',
  ],
  syntax_error: [
    'Fix the compile/parse error at {file|the reported location}: the first error is usually the cause of the ones after it.',
    'Run the same build or type-check command locally before pushing (the failing step shows the exact command).',
  ],
  test_failure: [
    'Reproduce the first failing test locally with the command of the failing step; fix the code or the expectation, do not disable the test.',
    'If the test only fails in CI, compare environment differences (time zone, locale, services, parallelism) and check whether it is flaky.',
  ],
  timeout: [
    'Find what made the job slow (a hung process, a service that never started, a test waiting for input) before raising the limit.',
    'Set `timeout-minutes` on the job or step to a value that fits its normal duration with headroom.',
    'Cache dependencies and build outputs to shorten the run.',
  ],
  permission_error: [
    'Grant the workflow the least permission it needs with a `permissions:` block on the failing job (for example `contents: write` to push, `pull-requests: write` to comment).',
    'Check that the token or secret used has access to {host|the resource} (fine-grained PAT scopes, SAML SSO authorization, repository access).',
    'For file permission errors, check the file mode (`chmod +x`) and the user the step runs as.',
  ],
  network_error: [
    'Retry the network step (transient DNS, connection or registry failures are common on hosted runners).',
    'Check that {host|the remote host} is reachable from GitHub-hosted runners and not rate limiting; pin a mirror if it is unreliable.',
  ],
  docker_error: [
    'Make sure the Docker daemon and Buildx are set up (docker/setup-buildx-action) before building.',
    'Log in to the registry (docker/login-action) before pulling private images or pushing, and check image names and tags.',
  ],
  resource_error: [
    'Reduce memory or disk use in the failing step (limit parallel workers, free disk space, clean build caches).',
    'For Node.js heap exhaustion raise `NODE_OPTIONS=--max-old-space-size`; consider a larger runner for the job.',
  ],
  env_variable_missing: [
    'Define {variable|the missing variable} for the failing step: `env:` in the workflow, from `secrets.` or `vars.`.',
    'Secrets are not available to workflows triggered from forks; guard the step or use a different trigger.',
  ],
  lint_error: [
    'Run the project linter/formatter locally with its fix option and commit the result.',
    'Install the same hooks locally (pre-commit, lint-staged) so the check passes before pushing.',
  ],
  workflow_error: [
    'Fix the workflow file: check the failing step\'s inputs, paths and artifact names against what earlier steps produce.',
    'Check the `shell:` and `runs-on:` of the step, the expressions used for this trigger, and pinned tool versions.',
  ],
  policy_check: [
    'This is a repository process check, not a code failure: do what the check asks (changelog entry, label, milestone, PR title) and re-run it.',
  ],
  unknown: [
    'Open the failing step\'s log around the root line; the tool printed no recognizable error signature.',
    'Re-run the job with debug logging (ACTIONS_STEP_DEBUG) if the cause is not visible.',
  ],
};

export function recommendations(category: Category, captured: CapturedValues): string[] {
  return TEXT[category].map((t) =>
    t.replace(/\{(\w+)\|([^}]+)\}/g, (_m, key: string, fallback: string) => (captured[key] ? `\`${captured[key]}\`` : fallback)),
  );
}
