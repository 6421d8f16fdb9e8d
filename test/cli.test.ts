import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, copyFileSync, createWriteStream, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import yazl from 'yazl';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/commands.js';
import { serveCommand } from '../src/cli/serve.js';
import type { Io } from '../src/cli/io.js';

const DEP = join(import.meta.dirname, '../fixtures/logs/npm-e404-missing-package');
const PERM = join(import.meta.dirname, '../fixtures/logs/bash-script-not-executable');

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), exists: existsSync };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'autofix-cli-'));

describe('autofix analyze', () => {
  it('prints one JSON object per PATH, in order', async () => {
    const r = await run(['analyze', '--json', DEP, PERM]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.category)).toEqual(['dependency_error', 'permission_error']);
  });

  it('prints a readable summary without --json', async () => {
    const r = await run(['analyze', DEP]);
    expect(r.stdout).toMatch(/category:\s+dependency_error/);
    expect(r.stdout).toMatch(/root cause:\s+npm error 404/);
  });

  it.each([
    ['missing', () => join(tmp(), 'nope.txt'), /no such file or directory/],
    ['empty', () => { const f = join(tmp(), 'empty.txt'); writeFileSync(f, ''); return f; }, /the file is empty/],
    ['binary', () => { const f = join(tmp(), 'bin.txt'); writeFileSync(f, Buffer.from([0, 1, 2, 3, 4, 5, 6, 7, 0, 0, 0, 9])); return f; }, /binary data/],
    ['a folder without logs', () => tmp(), /no job log found/],
  ])('answers a %s input with a one-line reason and exit code 2', async (_what, make, reason) => {
    const path = make();
    const r = await run(['analyze', '--json', path, DEP]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(reason);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ path, error: expect.stringMatching(reason) });
    expect(lines[1].category).toBe('dependency_error');
  });

  it('reads the run-logs layout: N_job.txt files, job folders of step files, and the zip', async () => {
    const dir = tmp();
    copyFileSync(join(PERM, 'job.txt'), join(dir, '0_lint.txt'));
    copyFileSync(join(DEP, 'job.txt'), join(dir, '1_build.txt'));
    const r = await run(['analyze', '--json', dir]);
    const a = JSON.parse(r.stdout);
    expect(a.job).toBe('lint');
    expect(a.other_jobs).toEqual([expect.objectContaining({ job: 'build', category: 'dependency_error' })]);

    const stepsDir = tmp();
    mkdirSync(join(stepsDir, 'build'));
    const lines = readFileSync(join(DEP, 'job.txt'), 'utf8').split('\n');
    writeFileSync(join(stepsDir, 'build', '1_Set up job.txt'), lines.slice(0, 20).join('\n') + '\n');
    writeFileSync(join(stepsDir, 'build', '2_Run npm ci.txt'), lines.slice(20).join('\n'));
    expect(JSON.parse((await run(['analyze', '--json', stepsDir])).stdout).category).toBe('dependency_error');

    const zip = new yazl.ZipFile();
    zip.addFile(join(DEP, 'job.txt'), '0_build.txt');
    zip.addFile(join(DEP, 'job.txt'), 'build/2_Run npm ci.txt');
    const zipPath = join(tmp(), 'logs.zip');
    zip.outputStream.pipe(createWriteStream(zipPath));
    zip.end();
    await once(zip.outputStream, 'end');
    await new Promise((r) => setTimeout(r, 50));
    const z = JSON.parse((await run(['analyze', '--json', zipPath])).stdout);
    expect(z.category).toBe('dependency_error');
    expect(z.job).toBe('build');
  });

  it('accepts the seed form and writes the output file', async () => {
    const out = join(tmp(), 'analysis.json');
    const r = await run(['analyze', '--run-id', '123', '--workflow-name', 'CI', '--logs-dir', DEP, '--output', out]);
    expect(r.code).toBe(0);
    const a = JSON.parse(readFileSync(out, 'utf8'));
    expect(a).toMatchObject({ run_id: '123', workflow_name: 'CI', category: 'dependency_error' });
  });

  it('uses last-success.txt as a baseline unless --no-baseline', async () => {
    const dir = tmp();
    copyFileSync(join(DEP, 'job.txt'), join(dir, 'job.txt'));
    copyFileSync(join(DEP, 'job.txt'), join(dir, 'last-success.txt'));
    const withBase = JSON.parse((await run(['analyze', '--json', dir])).stdout);
    const without = JSON.parse((await run(['analyze', '--json', '--no-baseline', dir])).stdout);
    // The "green" log holds the same failing line here, so the baseline lowers the confidence.
    expect(withBase.fix_confidence).toBeLessThan(without.fix_confidence);
    expect(withBase.notes.join(' ')).toMatch(/last successful run/);
  });
});

describe('the other commands', () => {
  it('answers an unknown command and missing arguments with exit code 2', async () => {
    expect((await run(['frobnicate'])).code).toBe(2);
    expect((await run(['analyze'])).code).toBe(2);
    expect((await run(['propose'])).code).toBe(2);
    expect((await run(['analyze', '--bogus', DEP])).code).toBe(2);
  });

  it.each(['analyze', 'propose', 'workflows', 'config', 'serve'])('%s --help prints usage and exits 0', async (cmd) => {
    const r = await run([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: autofix/);
  });

  it('propose turns an analysis file into a proposal, and refuses a bad one', async () => {
    const dir = tmp();
    const file = join(dir, 'a.json');
    writeFileSync(file, (await run(['analyze', '--json', DEP])).stdout);
    const r = await run(['propose', '--analysis', file, '--repo', 'acme/widgets']);
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout);
    expect(p.branch).toMatch(/^autofix\//);
    expect(p.issue.labels).toContain('ci:dependency_error');
    writeFileSync(join(dir, 'bad.json'), '{"not": "an analysis"}');
    const bad = await run(['propose', '--analysis', join(dir, 'bad.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not an analysis/);
  });

  it('workflows lists monitored workflow names minus excluded ones', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'wf'));
    writeFileSync(join(dir, 'wf', 'ci.yml'), 'name: CI\non: push\njobs: {}\n');
    writeFileSync(join(dir, 'wf', 'heal.yml'), 'name: Autofix Healer\non: workflow_run\njobs: {}\n');
    writeFileSync(join(dir, 'wf', 'release.yaml'), 'on: push\njobs: {}\n');
    expect((await run(['workflows', 'json', '--dir', join(dir, 'wf')])).stdout.trim()).toBe('["CI","release"]');
    expect((await run(['workflows', 'count', '--dir', join(dir, 'wf')])).stdout.trim()).toBe('2');
    expect((await run(['workflows', 'yaml', '--dir', join(dir, 'wf')])).stdout).toBe('workflows:\n  - CI\n  - release\n');
    expect((await run(['workflows', 'toml', '--dir', join(dir, 'wf')])).code).toBe(2);
  });

  it('serve lists every missing environment variable and exits 2', async () => {
    let stderr = '';
    const code = await serveCommand([], { stdout: () => {}, stderr: (s) => void (stderr += s), exists: () => false }, { GITHUB_APP_ID: '1' });
    expect(code).toBe(2);
    expect(stderr).toContain('GITHUB_PRIVATE_KEY');
    expect(stderr).toContain('GITHUB_WEBHOOK_SECRET');
    expect(stderr).not.toContain('GITHUB_APP_ID');
  });

  it('serve refuses a private key that is not PEM, saying what it expects', async () => {
    let stderr = '';
    const env = { GITHUB_APP_ID: '1', GITHUB_PRIVATE_KEY: 'not-a-key', GITHUB_WEBHOOK_SECRET: 's' };
    const code = await serveCommand([], { stdout: () => {}, stderr: (s) => void (stderr += s), exists: () => false }, env);
    expect(code).toBe(2);
    expect(stderr).toContain('expected the App');
  });
});
