import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { DEFAULT_FIX_TYPE, ERROR_TYPE_NAMES, type Analysis, type Category } from '../src/analysis/types.js';
import { changedLines, editWorkflow } from '../src/proposal/index.js';
import { retryScript } from '../src/proposal/fix-step.js';

function analysis(category: Category, over: Partial<Analysis> = {}): Analysis {
  return {
    run_id: '9001',
    workflow_name: 'CI',
    job: 'build',
    step: null,
    category,
    error_type: ERROR_TYPE_NAMES[category],
    fix_type: DEFAULT_FIX_TYPE[category],
    root_cause: '',
    root_line: 10,
    fix_confidence: 90,
    captured_values: {},
    errors: [],
    patterns_found: [],
    recommendations: [],
    affected_files: [],
    log_snippets: [],
    exit_code: 1,
    fingerprint: '0123456789abcdef',
    notes: [],
    ...over,
  };
}

const CI = `# CI for the web app.
name: CI

on:
  push:
    branches: [main]
  pull_request:

env:
  FORCE_COLOR: "1"

jobs:
  lint:
    name: Lint
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm ci
      - run: npm run lint   # eslint + prettier

  build:
    name: Build
    runs-on: ubuntu-latest
    timeout-minutes: 15 # keep CI fast
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm

      # Install deps from the lockfile
      - name: Install
        run: npm ci # from lockfile
      - name: Build
        run: |
          npm run build
          du -sh dist

  test:
    name: Test
    needs: build
    runs-on: \${{ matrix.os }}
    strategy:
      matrix:
        os: [ubuntu-latest, windows-latest]
        node: [18, 20]
    steps:
      - uses: actions/checkout@v4
      - name: Unit tests
        timeout-minutes: 10
        run: npm test -- --coverage
`;

/** The edited region as removed/added lines; everything else is byte-identical by construction. */
function diff(before: string, after: string | undefined): { line: number; removed: string[]; added: string[] } {
  expect(after).toBeDefined();
  return changedLines(before, after ?? '');
}

describe('job lookup', () => {
  const a = analysis('timeout', { root_cause: 'The job running on runner X has exceeded the maximum execution time of 15 minutes.' });

  it('matches the job key, its name, and never a random job', () => {
    expect(editWorkflow(CI, 'ci.yml', a)?.summary).toEqual(['jobs.build.timeout-minutes: 15 → 30']);
    expect(editWorkflow(CI, 'ci.yml', { ...a, job: 'Build' })?.summary).toEqual(['jobs.build.timeout-minutes: 15 → 30']);
    expect(editWorkflow(CI, 'ci.yml', { ...a, job: 'deploy' })).toBeNull();
    expect(editWorkflow(CI, 'ci.yml', { ...a, job: null })).toBeNull();
  });

  it('matches matrix-expanded names to their base job (only for jobs with a matrix)', () => {
    const step = analysis('timeout', { job: 'Test (ubuntu-latest, 20)', step: 'Unit tests', root_cause: "##[error]The action 'Unit tests' has timed out after 10 minutes." });
    expect(editWorkflow(CI, 'ci.yml', step)?.summary).toEqual(['jobs.test.steps[1].timeout-minutes: 10 → 20 (step "Unit tests")']);
    expect(editWorkflow(CI, 'ci.yml', { ...a, job: 'build (ubuntu-latest)' })).toBeNull();
  });

  it('gives up when two jobs match equally', () => {
    const twice = CI.replace('    name: Lint\n', '    name: Build\n');
    expect(editWorkflow(twice, 'ci.yml', { ...a, job: 'Build' })).toBeNull();
  });

  it('matches names built from expressions', () => {
    const text = CI.replace('    name: Test\n', '    name: Test on ${{ matrix.os }}\n');
    const step = analysis('timeout', { job: 'Test on windows-latest', step: 'Unit tests', root_cause: "The action 'Unit tests' has timed out after 10 minutes." });
    expect(editWorkflow(text, 'ci.yml', step)?.summary[0]).toMatch(/^jobs\.test\.steps\[1\]\.timeout-minutes: 10 → 20/);
  });

  it('returns null for unparsable YAML, policy checks and unknown failures', () => {
    expect(editWorkflow('jobs: [unclosed', 'ci.yml', a)).toBeNull();
    expect(editWorkflow(CI, 'ci.yml', analysis('policy_check', { root_cause: a.root_cause }))).toBeNull();
    expect(editWorkflow(CI, 'ci.yml', analysis('unknown', { root_cause: a.root_cause }))).toBeNull();
  });
});

describe('timeout', () => {
  const jobLimit = (n: number): string => `##[error]The job running on runner GitHub Actions 3 has exceeded the maximum execution time of ${n} minutes.`;

  it('doubles the job timeout, keeping the comment and every other line', () => {
    const edit = editWorkflow(CI, '.github/workflows/ci.yml', analysis('timeout', { root_cause: jobLimit(15) }));
    expect(edit?.path).toBe('.github/workflows/ci.yml');
    expect(diff(CI, edit?.content)).toEqual({ line: 24, removed: ['    timeout-minutes: 15 # keep CI fast'], added: ['    timeout-minutes: 30 # keep CI fast'] });
    // `on` stays the key `on` (YAML 1.1 would read it as true; we never re-serialize).
    expect(Object.keys(parseDocument(edit?.content ?? '').toJS() as object)).toContain('on');
  });

  it('keeps quotes, adds at least 10 minutes and caps at 360', () => {
    const quoted = CI.replace('timeout-minutes: 15 #', "timeout-minutes: '4' #");
    expect(diff(quoted, editWorkflow(quoted, 'ci.yml', analysis('timeout', { root_cause: jobLimit(4) }))?.content).added).toEqual(["    timeout-minutes: '14' # keep CI fast"]);
    const big = CI.replace('timeout-minutes: 15', 'timeout-minutes: 200');
    expect(editWorkflow(big, 'ci.yml', analysis('timeout', { root_cause: jobLimit(200) }))?.summary).toEqual(['jobs.build.timeout-minutes: 200 → 360']);
    const max = CI.replace('timeout-minutes: 15', 'timeout-minutes: 360');
    expect(editWorkflow(max, 'ci.yml', analysis('timeout', { root_cause: jobLimit(360) }))).toBeNull();
  });

  it("does nothing when the job had the 360-minute default or the timeout was a test framework's", () => {
    expect(editWorkflow(CI, 'ci.yml', analysis('timeout', { job: 'lint', root_cause: jobLimit(360) }))).toBeNull();
    expect(editWorkflow(CI, 'ci.yml', analysis('timeout', { root_cause: 'thrown: "Exceeded timeout of 5000 ms for a test."' }))).toBeNull();
  });

  it('raises the step timeout when the step hit its own limit', () => {
    const a = analysis('timeout', { job: 'test (windows-latest, 18)', step: 'Unit tests', root_cause: "The action 'Unit tests' has timed out after 10 minutes." });
    expect(diff(CI, editWorkflow(CI, 'ci.yml', a)?.content)).toEqual({ line: 51, removed: ['        timeout-minutes: 10'], added: ['        timeout-minutes: 20'] });
  });
});

const RELEASE = `name: Release
on:
  push:
    tags: ['v*']
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Push tag notes
        run: git push origin HEAD:refs/heads/release-notes
  comment:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      pull-requests: read
    steps:
      - run: gh pr comment 1 --body ok
`;

describe('permission_error', () => {
  const push = analysis('permission_error', {
    job: 'publish',
    step: 'Push tag notes',
    root_cause: 'remote: Permission to acme/web.git denied to github-actions[bot].',
    errors: [{ line: 40, text: 'fatal: unable to access https://github.com/acme/web/: The requested URL returned error: 403', step: 'Push tag notes', rule: null, category: 'permission_error', score: 90, context: [] }],
  });

  it('adds a job permissions block (contents: write) after runs-on', () => {
    const edit = editWorkflow(RELEASE, 'release.yml', push);
    expect(diff(RELEASE, edit?.content)).toEqual({ line: 8, removed: [], added: ['    permissions:', '      contents: write'] });
    expect(edit?.summary).toEqual(['jobs.publish.permissions: (new) contents: write']);
  });

  it('keeps the default contents: read next to another scope, and copies a workflow-level block', () => {
    const pr = analysis('permission_error', { job: 'publish', root_cause: 'HttpError: Resource not accessible by integration (POST /repos/acme/web/pulls/1/reviews)' });
    expect(diff(RELEASE, editWorkflow(RELEASE, 'r.yml', pr)?.content).added).toEqual(['    permissions:', '      contents: read', '      pull-requests: write']);
    const withTop = RELEASE.replace('jobs:\n', 'permissions:\n  contents: read\n  packages: read\njobs:\n');
    expect(diff(withTop, editWorkflow(withTop, 'r.yml', push)?.content).added).toEqual(['    permissions:', '      contents: write', '      packages: read']);
  });

  it('adds a missing key to, or upgrades a key in, an existing block; never write-all', () => {
    const issues = analysis('permission_error', { job: 'comment', root_cause: 'GraphQL: Resource not accessible by integration (addComment) createComment on issues' });
    expect(diff(RELEASE, editWorkflow(RELEASE, 'r.yml', issues)?.content)).toEqual({ line: 17, removed: [], added: ['      issues: write'] });
    const pulls = analysis('permission_error', { job: 'comment', root_cause: 'Resource not accessible by integration: POST /repos/acme/web/pulls/1/comments' });
    expect(diff(RELEASE, editWorkflow(RELEASE, 'r.yml', pulls)?.content)).toEqual({ line: 16, removed: ['      pull-requests: read'], added: ['      pull-requests: write'] });
    const writeAll = RELEASE.replace('    permissions:\n      contents: read\n      pull-requests: read\n', '    permissions: write-all\n');
    expect(editWorkflow(writeAll, 'r.yml', pulls)).toBeNull();
    expect(editWorkflow(RELEASE, 'r.yml', { ...pulls, root_cause: pulls.root_cause.replace('pulls', 'pullz') })).toBeNull();
  });

  it('leaves file-mode and SSH "permission denied" alone', () => {
    expect(editWorkflow(RELEASE, 'r.yml', { ...push, root_cause: "EACCES: permission denied, open '/usr/lib/node_modules/x'", errors: [] })).toBeNull();
    expect(editWorkflow(RELEASE, 'r.yml', { ...push, root_cause: 'git@github.com: Permission denied (publickey).', errors: [] })).toBeNull();
  });
});

describe('network_error', () => {
  const net = (step: string, over: Partial<Analysis> = {}): Analysis =>
    analysis('network_error', { step, root_cause: 'npm error code ECONNRESET', ...over });

  it('wraps a one-line run in a retry loop, keeping its comment and the command', () => {
    const edit = editWorkflow(CI, 'ci.yml', net('Install'));
    const d = diff(CI, edit?.content);
    expect(d.line).toBe(34);
    expect(d.removed).toEqual(['        run: npm ci # from lockfile']);
    expect(d.added[0]).toBe('        run: | # from lockfile');
    const run = (parseDocument(edit?.content ?? '').getIn(['jobs', 'build', 'steps', 2, 'run']) as string);
    expect(run).toBe(retryScript('npm ci'));
    expect(edit?.summary[0]).toMatch(/^jobs\.build\.steps\[2\]\.run: wrapped in a retry loop/);
  });

  it('keeps a multi-line block script verbatim (heredocs, blank lines, indentation)', () => {
    const script = 'cat > .npmrc <<EOF\nregistry=https://registry.npmjs.org/\nEOF\n\nif true; then\n    npm ci\nfi\n';
    const text = CI.replace('        run: |\n          npm run build\n          du -sh dist\n', `        run: |\n${script.trimEnd().split('\n').map((l) => (l ? `          ${l}` : '')).join('\n')}\n`);
    expect(parseDocument(text).getIn(['jobs', 'build', 'steps', 3, 'run'])).toBe(script);
    const edit = editWorkflow(text, 'ci.yml', net('Build'));
    expect(parseDocument(edit?.content ?? '').getIn(['jobs', 'build', 'steps', 3, 'run'])).toBe(retryScript(script));
    expect(retryScript(script)).toContain(`\nset -e\n${script}  )\n`);
    // Found by the log's `Run <first line>` header too.
    expect(editWorkflow(text, 'ci.yml', net('Run cat > .npmrc <<EOF'))?.content).toBe(edit?.content);
  });

  it('skips uses: steps, Windows runners, and steps already wrapped', () => {
    expect(editWorkflow(CI, 'ci.yml', net('Run actions/setup-node@v4'))).toBeNull();
    expect(editWorkflow(CI, 'ci.yml', net('Unit tests', { job: 'test (windows-latest, 20)' }))).toBeNull();
    const once = editWorkflow(CI, 'ci.yml', net('Install'))?.content ?? '';
    expect(editWorkflow(once, 'ci.yml', net('Install'))).toBeNull();
    expect(editWorkflow(CI, 'ci.yml', net('no such step'))).toBeNull();
  });

  it('the retry script retries, stops a multi-line command at its first failure and keeps the exit code', () => {
    // `sleep` is stubbed so the test does not wait for the backoff.
    const run = (cmd: string): { status: number | null; out: string } => {
      const r = spawnSync('bash', ['-e', '-c', `sleep() { :; }\n${retryScript(cmd)}`], { encoding: 'utf8' });
      return { status: r.status, out: r.stdout };
    };
    const flaky = run('n=$(cat /tmp/autofix-retry-$$ 2>/dev/null || echo 0); echo $((n+1)) > /tmp/autofix-retry-$$\n[ "$n" -ge 2 ] || exit 7\necho ok; rm -f /tmp/autofix-retry-$$');
    expect(flaky.status).toBe(0);
    expect(flaky.out.match(/::warning::attempt \d failed \(exit 7\)/g)).toHaveLength(2);
    expect(flaky.out.endsWith('ok\n')).toBe(true);
    const failing = run('false\necho not-reached');
    expect(failing.status).toBe(1);
    expect(failing.out).not.toContain('not-reached');
    expect(run('exit 5').status).toBe(5);
  });
});

describe('resource_error', () => {
  const res = (root_cause: string, over: Partial<Analysis> = {}): Analysis => analysis('resource_error', { step: 'Build', root_cause, ...over });

  it('gives Node a larger heap in the failing step env', () => {
    const edit = editWorkflow(CI, 'ci.yml', res('FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory'));
    expect(diff(CI, edit?.content)).toEqual({ line: 36, removed: [], added: ['        env:', '          NODE_OPTIONS: --max-old-space-size=6144'] });
    expect(edit?.summary[0]).toMatch(/^jobs\.build\.steps\[3\]\.env\.NODE_OPTIONS: --max-old-space-size=6144/);
  });

  it('extends an existing env block and NODE_OPTIONS, and stops when the heap is already that large', () => {
    const withEnv = CI.replace('      - name: Build\n', '      - name: Build\n        env:\n          CI: "true"\n');
    expect(diff(withEnv, editWorkflow(withEnv, 'ci.yml', res('JavaScript heap out of memory'))?.content).added).toEqual(['          NODE_OPTIONS: --max-old-space-size=6144']);
    const withOpts = CI.replace('      - name: Build\n', "      - name: Build\n        env:\n          NODE_OPTIONS: '--max-old-space-size=4096 --enable-source-maps'\n");
    expect(diff(withOpts, editWorkflow(withOpts, 'ci.yml', res('JavaScript heap out of memory'))?.content)).toMatchObject({
      removed: ["          NODE_OPTIONS: '--max-old-space-size=4096 --enable-source-maps'"],
      added: ["          NODE_OPTIONS: '--max-old-space-size=6144 --enable-source-maps'"],
    });
    const large = withOpts.replace('4096', '8192');
    expect(editWorkflow(large, 'ci.yml', res('JavaScript heap out of memory'))).toBeNull();
  });

  it('frees disk space in a new step before the failing one (above its comment)', () => {
    const edit = editWorkflow(CI, 'ci.yml', res('OSError: [Errno 28] No space left on device', { step: 'Install' }));
    expect(diff(CI, edit?.content)).toEqual({
      line: 32,
      removed: [],
      added: ['      - name: Free disk space', '        run: |', '          sudo rm -rf /usr/share/dotnet /usr/local/lib/android /opt/ghc', '          df -h'],
    });
    // Not on a runner whose OS is unknown, and not twice.
    expect(editWorkflow(CI, 'ci.yml', res('No space left on device', { job: 'test (ubuntu-latest, 20)', step: 'Unit tests' }))).toBeNull();
    expect(editWorkflow(edit?.content ?? '', 'ci.yml', res('No space left on device', { step: 'Install' }))).toBeNull();
    // The file-watcher ENOSPC is not about disk.
    expect(editWorkflow(CI, 'ci.yml', res('Error: ENOSPC: System limit for number of file watchers reached'))).toBeNull();
  });

  it('moves a job killed with exit 137 to a larger runner and says it needs one', () => {
    const edit = editWorkflow(CI, 'ci.yml', res('/home/runner/work/_temp/x.sh: line 1:  2817 Killed  npm run build', { exit_code: 137 }));
    expect(diff(CI, edit?.content)).toEqual({ line: 23, removed: ['    runs-on: ubuntu-latest'], added: ['    runs-on: ubuntu-latest-8-cores'] });
    expect(edit?.summary.join('\n')).toMatch(/larger runner[\s\S]*organization/);
    const custom = editWorkflow(CI, 'ci.yml', res('Killed', { exit_code: 137 }), { largerRunner: 'linux-16-core' });
    expect(diff(CI, custom?.content).added).toEqual(['    runs-on: linux-16-core']);
  });
});

describe('workflow_error', () => {
  const WIN = `name: Windows
on: [push]
jobs:
  build:
    runs-on: windows-latest
    steps:
      - uses: actions/checkout@v4
      - name: Prepare
        run: |
          export CI_MODE=1
          if [ -f setup.sh ]; then ./setup.sh; fi
`;
  const wfErr = analysis('workflow_error', {
    step: 'Prepare',
    root_cause: "ParserError: Missing '(' after 'if' in if statement.",
  });

  it('adds shell: bash to a bash script on Windows', () => {
    const edit = editWorkflow(WIN, 'w.yml', wfErr);
    expect(diff(WIN, edit?.content)).toEqual({ line: 9, removed: [], added: ['        shell: bash'] });
  });

  it('does nothing without the PowerShell error, with a shell set, or on Linux', () => {
    expect(editWorkflow(WIN, 'w.yml', { ...wfErr, root_cause: 'Invalid workflow file: .github/workflows/w.yml#L5' })).toBeNull();
    expect(editWorkflow(WIN.replace('jobs:\n', 'defaults:\n  run:\n    shell: pwsh\njobs:\n'), 'w.yml', wfErr)).toBeNull();
    expect(editWorkflow(WIN.replace('windows-latest', 'ubuntu-latest'), 'w.yml', wfErr)).toBeNull();
  });
});

describe('file formats', () => {
  it('edits CRLF files with CRLF and keeps a file without final newline valid', () => {
    const crlf = CI.replace(/\n/g, '\r\n');
    const a = analysis('timeout', { root_cause: 'has exceeded the maximum execution time of 15 minutes' });
    const edit = editWorkflow(crlf, 'ci.yml', a);
    expect(edit?.content).toBe(crlf.replace('timeout-minutes: 15 #', 'timeout-minutes: 30 #'));
    const retry = editWorkflow(crlf, 'ci.yml', analysis('network_error', { step: 'Install', root_cause: 'ETIMEDOUT' }));
    expect(retry?.content.replace(/\r\n/g, '')).not.toContain('\n');
    const noEol = `jobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm ci`;
    const wrapped = editWorkflow(noEol, 'ci.yml', analysis('network_error', { step: 'Run npm ci', root_cause: 'ECONNRESET' }));
    expect(parseDocument(wrapped?.content ?? '').getIn(['jobs', 'build', 'steps', 0, 'run'])).toBe(retryScript('npm ci'));
  });

  it('wraps a multi-line plain scalar by its parsed value', () => {
    const text = `jobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - name: Get\n        run: curl -fsSL\n          https://example.com/x.sh\n      - run: echo done\n`;
    const edit = editWorkflow(text, 'ci.yml', analysis('network_error', { step: 'Get', root_cause: 'curl: (6) Could not resolve host: example.com' }));
    const d = diff(text, edit?.content);
    expect(d.removed).toEqual(['        run: curl -fsSL', '          https://example.com/x.sh']);
    expect(d.added).toContain('          curl -fsSL https://example.com/x.sh');
  });
});

it('does not raise a timeout on a bare cancellation (manual or fail-fast)', () => {
  expect(editWorkflow(CI, 'ci.yml', analysis('timeout', { root_cause: '##[error]The operation was canceled.' }))).toBeNull();
  // A step-limit message without a step timeout to raise does not fall back to the job.
  expect(editWorkflow(CI, 'ci.yml', analysis('timeout', { step: 'Install', root_cause: "The action 'Install' has timed out after 15 minutes." }))).toBeNull();
});
