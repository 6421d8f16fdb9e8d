import { describe, expect, it } from 'vitest';
import { DEFAULT_FIX_TYPE, ERROR_TYPE_NAMES, type Analysis, type Category } from '../src/analysis/types.js';
import { defaultConfig, type Config } from '../src/config/schema.js';
import { branchName, isValidBranchName, prBodyWithIssue, propose, slug, type ProposalContext } from '../src/proposal/index.js';
import { redact as scrub } from '../src/analysis/redact.js';

function analysis(category: Category = 'timeout', over: Partial<Analysis> = {}): Analysis {
  return {
    run_id: '4242',
    workflow_name: 'CI',
    job: 'build',
    step: 'Build',
    category,
    error_type: ERROR_TYPE_NAMES[category],
    fix_type: DEFAULT_FIX_TYPE[category],
    root_cause: '##[error]The job running on runner GitHub Actions 2 has exceeded the maximum execution time of 15 minutes.',
    root_line: 812,
    fix_confidence: 95,
    captured_values: {},
    errors: [],
    patterns_found: ['job_timeout'],
    recommendations: ['Cache dependencies with actions/setup-node `cache: npm`.'],
    affected_files: [{ path: 'src/build.ts', line: 12, column: 3 }],
    log_snippets: ['> npm run build\n\nbuilding...\n##[error]The operation was canceled.'],
    exit_code: null,
    fingerprint: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b',
    notes: [],
    ...over,
  };
}

const WORKFLOW = `name: CI
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
      - uses: actions/checkout@v4
      - name: Build
        run: npm run build
`;

const ctx: ProposalContext = {
  repo: 'acme/web',
  runUrl: 'https://github.com/acme/web/actions/runs/4242',
  jobUrl: 'https://github.com/acme/web/actions/runs/4242/job/7',
  workflowPath: '.github/workflows/ci.yml',
  workflowText: WORKFLOW,
  baseBranch: 'main',
};
const config: Config = defaultConfig();
const MARKER = '<!-- autofix:fingerprint=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b -->';

describe('branch', () => {
  it('is deterministic and follows <prefix><slug>/<category>-<fp10>', () => {
    const a = analysis();
    expect(propose(a, ctx, config).branch).toBe('autofix/ci/timeout-9f86d08188');
    expect(propose(a, { repo: 'x/y' }, config).branch).toBe(propose(a, ctx, config).branch);
    expect(branchName('bot/', { ...a, workflow_name: null })).toBe('bot/workflow/timeout-9f86d08188');
  });

  it('slugs names into valid git refs', () => {
    expect(slug('Build & Test (Node 20)')).toBe('build-test-node-20');
    expect(slug('release..v1.2.lock')).toBe('release-v1-2-lock');
    expect(slug('Déploiement Ünïcode')).toBe('deploiement-unicode');
    expect(slug('测试工作流')).toBe('workflow');
    expect(slug('...')).toBe('workflow');
    expect(slug('a'.repeat(39) + ' b c')).toBe('a'.repeat(39));
    expect(slug('x'.repeat(100)).length).toBe(40);
    for (const name of ['.hidden', 'a..b', 'x.lock', ' spaced name ', '-dash', 'ok/../up', 'tab\there', '🚀 Deploy 🚀']) {
      const b = branchName('autofix/', analysis('timeout', { workflow_name: name }));
      expect(isValidBranchName(b), b).toBe(true);
    }
  });

  it('validates refs like git check-ref-format', () => {
    for (const bad of ['a..b', 'a/.b', 'a.lock', 'a/b.lock/c', '-a', 'a b', 'a~b', 'a^b', 'a:b', 'a?b', 'a*b', 'a[b', 'a\\b', 'a@{b', 'a/', 'a//b', 'a.', '@']) {
      expect(isValidBranchName(bad), bad).toBe(false);
    }
    expect(isValidBranchName('autofix/ci/timeout-9f86d08188')).toBe(true);
    // A config prefix that would make the ref invalid falls back to the default prefix.
    expect(branchName('auto fix/', analysis())).toBe('autofix/ci/timeout-9f86d08188');
  });
});

describe('titles and labels', () => {
  it('builds the issue title with the seed prefix, at most 120 chars', () => {
    const p = propose(analysis(), ctx, config);
    expect(p.issue.title).toBe('Fix: CI - Timeout: The job running on runner GitHub Actions 2 has exceeded the maximum execution time of 15 minutes.');
    const long = propose(analysis('test_failure', { root_cause: 'AssertionError: ' + 'x'.repeat(300) }), ctx, config);
    expect(long.issue.title.length).toBeLessThanOrEqual(120);
    expect(long.issue.title).toMatch(/^Fix: CI - Test Failure: AssertionError: x+…$/);
    const huge = propose(analysis('timeout', { workflow_name: 'W'.repeat(200) }), ctx, config);
    expect(huge.issue.title.length).toBeLessThanOrEqual(120);
  });

  it('names what the fix does in the PR title', () => {
    expect(propose(analysis(), ctx, config).pr.title).toBe('[autofix] CI: raise the timeout of job build to 30 min');
    const dep = analysis('dependency_error', { captured_values: { package: 'left-pad' } });
    expect(propose(dep, ctx, config).pr.title).toBe('[autofix] CI: add missing dependency left-pad');
  });

  it('adds the category label with the configured prefix, or none', () => {
    const p = propose(analysis(), ctx, config);
    expect(p.issue.labels).toEqual(['autofix', 'ci-failure', 'ci:timeout']);
    expect(p.pr.labels).toEqual(['autofix', 'automated-fix', 'ci:timeout']);
    const noPrefix = { ...config, labels: { ...config.labels, category_prefix: '' } };
    expect(propose(analysis(), ctx, noPrefix).issue.labels).toEqual(['autofix', 'ci-failure']);
  });
});

describe('bodies', () => {
  it('have every section, the details and the marker at the end', () => {
    const p = propose(analysis(), ctx, config);
    for (const body of [p.issue.body, p.pr.body]) {
      for (const heading of ['## Summary', '## Failure details', '## Root cause', '## Proposed fix', '## Recommendations', '## Affected files']) {
        expect(body).toContain(heading);
      }
      expect(body).toContain('| Repository | `acme/web` |');
      expect(body).toContain('[run 4242](https://github.com/acme/web/actions/runs/4242)');
      expect(body).toContain('[job log](https://github.com/acme/web/actions/runs/4242/job/7)');
      expect(body).toContain('| Confidence | 95% |');
      expect(body).toContain('`src/build.ts` line 12, column 3');
      expect(body.endsWith(MARKER)).toBe(true);
    }
    expect(p.issue.body).toContain('jobs.build.timeout-minutes: 15 → 30');
    expect(p.issue.body).toContain('-    timeout-minutes: 15\n+    timeout-minutes: 30');
    expect(p.pr.draft).toBe(true);
  });

  it('describe the change for Copilot when there is no mechanical edit', () => {
    const p = propose(analysis('test_failure', { root_cause: 'FAIL src/a.test.ts > adds' }), ctx, config);
    expect(p.edit).toBeNull();
    expect(p.pr.body).toContain('carries no file change yet');
    expect(p.issue.body).toContain('Do not skip, delete or loosen the test.');
  });

  it('puts Fixes #N in the PR body, idempotently', () => {
    const p = propose(analysis(), ctx, config);
    expect(p.pr.body).not.toMatch(/Fixes #/);
    const once = prBodyWithIssue(p, 17);
    expect(once).toContain('<!-- autofix:issue -->\nFixes #17');
    expect(prBodyWithIssue({ pr: { ...p.pr, body: once } }, 18).match(/Fixes #\d+/g)).toEqual(['Fixes #18']);
    expect(propose(analysis(), { ...ctx, issueNumber: 17 }, config).pr.body).toBe(once);
  });

  it('use a longer fence when the log contains backticks', () => {
    const p = propose(analysis('syntax_error', { log_snippets: ['before\n```\nnot the end\n````\nafter'] }), ctx, config);
    expect(p.issue.body).toContain('`````text\nbefore\n```\nnot the end\n````\nafter\n`````');
  });

  it('stay under the GitHub limit, cutting snippets with a note', () => {
    const big = analysis('test_failure', {
      log_snippets: Array.from({ length: 8 }, (_, i) => `snippet ${i}\n` + 'y'.repeat(40_000)),
      recommendations: Array.from({ length: 100 }, () => 'z'.repeat(2000)),
      root_cause: 'r'.repeat(100_000),
    });
    const p = propose(big, ctx, config);
    for (const body of [p.issue.body, p.pr.body]) {
      expect(body.length).toBeLessThan(65_536);
      expect(body).toMatch(/more characters not shown; see the job log/);
      expect(body.endsWith(MARKER)).toBe(true);
    }
  });

  it('neutralize @-mentions in free text', () => {
    const p = propose(analysis('dependency_error', { recommendations: ['Install @types/node or ask @octocat'] }), ctx, config);
    expect(p.issue.body).toContain('- Install `@types/node` or ask `@octocat`');
  });
});

describe('redaction', () => {
  const secrets = {
    gh: 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8',
    ghs: 'ghs_' + 'Z'.repeat(36),
    pat: 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz',
    slack: 'xoxb-1234567890-abcdefghijkl',
    aws: 'AKIAIOSFODNN7EXAMPLE',
    jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sig-nature_x',
    key: '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----',
  };

  it('scrubs every planted token from titles, bodies, commit message and the Copilot task', () => {
    const all = Object.values(secrets).join(' and ');
    const a = analysis('network_error', {
      root_cause: `curl -H "Authorization: token ${secrets.gh}" failed`,
      log_snippets: [all],
      errors: [{ line: 1, text: secrets.slack, step: 'Build', rule: null, category: 'network_error', score: 1, context: ['-----BEGIN OPENSSH PRIVATE KEY-----', 'b3BlbnNzaC1rZXk', '-----END OPENSSH PRIVATE KEY-----'] }],
      recommendations: [`rotate ${secrets.aws}`],
      step: `Build ${secrets.ghs}`,
    });
    const p = propose(a, ctx, config);
    const out = JSON.stringify(p);
    for (const s of Object.values(secrets)) expect(out).not.toContain(s.split('\n')[1] ?? s);
    expect(out).not.toContain('b3BlbnNzaC1rZXk');
    expect(p.issue.body).toContain('[REDACTED]');
    expect(p.copilotTask).toContain('token [REDACTED]');
  });

  it('leaves ordinary text alone', () => {
    expect(scrub('npm ERR! 404 ghp_short eyJ only AKIA123')).toBe('npm ERR! 404 ghp_short eyJ only AKIA123');
  });
});

describe('edit and Copilot task', () => {
  it('carries the mechanical edit and scrubs nothing from the file itself', () => {
    const p = propose(analysis(), ctx, config);
    expect(p.edit?.path).toBe('.github/workflows/ci.yml');
    expect(p.edit?.content).toBe(WORKFLOW.replace('timeout-minutes: 15', 'timeout-minutes: 30'));
    expect(p.pr.commitMessage).toBe('ci: raise the timeout of job build to 30 min\n\n- jobs.build.timeout-minutes: 15 → 30\n\nAutofix-Fingerprint: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b');
  });

  it('gives no edit to policy checks, unknown failures, or without the workflow text', () => {
    const cause = analysis().root_cause;
    expect(propose(analysis('policy_check', { root_cause: cause }), ctx, config).edit).toBeNull();
    expect(propose(analysis('unknown', { root_cause: cause }), ctx, config).edit).toBeNull();
    expect(propose(analysis(), { repo: 'acme/web' }, config).edit).toBeNull();
    expect(propose(analysis(), { ...ctx, workflowPath: null }, config).edit).toBeNull();
  });

  it('tells Copilot what failed, where, what to change and the constraints', () => {
    const custom = { ...config, copilot: { ...config.copilot, custom_instructions: 'Use pnpm, not npm.' } };
    const t = propose(analysis(), ctx, custom).copilotTask;
    expect(t).toContain('Fix the failing GitHub Actions job `build` of workflow `CI` in `acme/web`.');
    expect(t).toContain('- Workflow file: `.github/workflows/ci.yml`');
    expect(t).toContain('- Step: `Build`');
    expect(t).toContain('exceeded the maximum execution time of 15 minutes');
    expect(t).toContain('jobs.build.timeout-minutes: 15 → 30');
    expect(t).toContain('Keep the change minimal');
    expect(t).toContain('Do not disable, skip or delete the failing check');
    expect(t).toContain('Run the failing command locally (`npm run build`)');
    expect(t).toContain('Repository instructions:\n\nUse pnpm, not npm.');
    expect(t).not.toContain('<!--');
  });
});
