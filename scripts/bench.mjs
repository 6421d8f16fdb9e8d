#!/usr/bin/env node
// npm run bench: accuracy on the fixtures and on the real-world logs in ../shared (when present),
// and the speed and memory of the whole `autofix analyze` process on large generated logs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist/cli/main.js');
const probe = join(root, 'bench/rss-probe.mjs');
const pct = (n, d) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);

function analyzeJson(dirs, extra = []) {
  const r = spawnSync(process.execPath, [cli, 'analyze', '--json', ...extra, ...dirs], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`analyze failed (${r.status}): ${r.stderr}`);
  return r.stdout.trim().split('\n').map((l) => JSON.parse(l));
}

function fixtures() {
  const base = join(root, 'fixtures/logs');
  const cases = existsSync(base) ? readdirSync(base).filter((d) => existsSync(join(base, d, 'label.json'))).sort() : [];
  if (cases.length === 0) {
    console.log('fixtures: none found in fixtures/logs (run `npm run fixtures`)');
    return;
  }
  const results = analyzeJson(cases.map((c) => join(base, c)));
  let cat = 0, rootOk = 0, capN = 0, capOk = 0;
  const misses = [];
  cases.forEach((c, i) => {
    const label = JSON.parse(readFileSync(join(base, c, 'label.json'), 'utf8'));
    const a = results[i];
    const okCat = a.category === label.category;
    const okRoot = a.root_cause.includes(label.root);
    cat += okCat; rootOk += okRoot;
    for (const [k, v] of Object.entries(label.captured ?? {})) {
      capN++;
      if (a.captured_values[k] === v) capOk++;
      else misses.push(`  ${c}: captured ${k}=${a.captured_values[k]} want ${v}`);
    }
    if (!okCat || !okRoot) misses.push(`  ${c}: ${okCat ? '' : `category ${a.category} want ${label.category} `}${okRoot ? '' : `root "${a.root_cause.slice(0, 80)}" want "${label.root}"`}`);
  });
  console.log(`fixtures (${cases.length} job logs, fixtures/logs):`);
  console.log(`  category ${pct(cat, cases.length)}   root line ${pct(rootOk, cases.length)}   captured value ${pct(capOk, capN)} (${capN} labeled)`);
  if (process.argv.includes('-v')) misses.forEach((m) => console.log(m));
}

/** Is fix_confidence honest? The share of right categories per confidence band. */
function calibration(results, want) {
  const bands = [[0, 50], [50, 70], [70, 85], [85, 101]];
  return bands.map(([lo, hi]) => {
    const idx = results.map((a, i) => i).filter((i) => results[i].fix_confidence >= lo && results[i].fix_confidence < hi);
    const ok = idx.filter((i) => results[i].category === want[i]).length;
    return `${lo}-${Math.min(hi, 100)}: ${ok}/${idx.length}`;
  }).join('  ');
}

function realLogs() {
  const dir = resolve(root, '../shared/data/real-ci-logs');
  if (!existsSync(join(dir, 'labels.json'))) {
    console.log('real-world logs: skipped (../shared/data/real-ci-logs is not present)');
    return;
  }
  const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8'));
  const cases = Object.keys(labels).filter((k) => existsSync(join(dir, k, 'job.txt'))).sort();
  console.log(`real-world logs (${cases.length} labeled jobs, ../shared/data/real-ci-logs):`);
  for (const [name, extra] of [['without baseline', ['--no-baseline']], ['with baseline   ', []]]) {
    const results = analyzeJson(cases.map((c) => join(dir, c)), extra);
    let cat = 0, known = 0, knownOk = 0, rootN = 0, rootOk = 0;
    const misses = [];
    cases.forEach((c, i) => {
      const l = labels[c];
      const a = results[i];
      const ok = a.category === l.category;
      cat += ok;
      if (l.category !== 'unknown') { known++; knownOk += ok; }
      if (l.root) { rootN++; if (a.root_cause.includes(l.root)) rootOk++; else misses.push(`  ${c}: root "${a.root_cause.slice(0, 70)}"`); }
      if (!ok) misses.push(`  ${c}: ${a.category} want ${l.category}`);
    });
    console.log(`  ${name}: category ${pct(cat, cases.length)} (not-unknown labels ${pct(knownOk, known)})   root line ${pct(rootOk, rootN)} (${rootN} labeled)`);
    if (extra.length === 0) console.log(`  calibration (category right, by fix_confidence): ${calibration(results, cases.map((c) => labels[c].category))}`);
    if (process.argv.includes('-v')) misses.forEach((m) => console.log(m));
  }
}

// A realistic mix: passing tests whose names hold trap words, warnings, progress, stack frames.
const FILLER = [
  '  ✓ src/util/timeout.test.ts > retries until the default timeout (3 ms)',
  'PASS src/components/Forbidden.test.tsx (1.2 s)',
  'npm warn deprecated inflight@1.0.6: This module is not supported, and leaks memory.',
  '[INFO] Building autofix-core 2.3.4 [12/40]',
  '   Compiling serde_json v1.0.108',
  'tests/test_room.py::test_zoom_level PASSED                                [ 42%]',
  '\x1b[32m✔\x1b[39m permission denied path is handled (4ms)',
  'Downloading https://registry.npmjs.org/react/-/react-18.2.0.tgz',
];

async function generate(file, bytes) {
  const out = createWriteStream(file);
  let t = Date.parse('2026-01-01T00:00:00Z');
  const ts = () => new Date((t += 7)).toISOString().replace('Z', '0000Z');
  let buf = `${ts()} ##[group]Run npm test\n${ts()} \x1b[36;1mnpm test\x1b[0m\n${ts()} ##[endgroup]\n`;
  let size = 0, i = 0;
  while (size < bytes) {
    const line = `${ts()} ${FILLER[i % FILLER.length]} #${i++}\n`;
    size += line.length;
    buf += line;
    if (buf.length > 1 << 20) { if (!out.write(buf)) await once(out, 'drain'); buf = ''; }
  }
  buf += `${ts()} src/parse.ts(42,7): error TS2322: Type 'string' is not assignable to type 'number'.\n${ts()} ##[error]Process completed with exit code 2.\n`;
  out.end(buf);
  await once(out, 'finish');
}

async function throughput() {
  const dir = mkdtempSync(join(tmpdir(), 'autofix-bench-'));
  try {
    console.log('throughput (whole `autofix analyze` process, generated job log):');
    for (const mb of [50, 200]) {
      const file = join(dir, `job-${mb}.txt`);
      await generate(file, mb * 1e6);
      const runs = [];
      for (let k = 0; k < 3; k++) {
        const start = performance.now();
        const r = spawnSync(process.execPath, ['--import', probe, cli, 'analyze', '--json', file], { encoding: 'utf8' });
        const wall = (performance.now() - start) / 1000;
        if (r.status !== 0) throw new Error(r.stderr);
        const rss = Number(/@@rss (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024;
        if (!JSON.parse(r.stdout).root_cause.includes('TS2322')) throw new Error('wrong root cause on the generated log');
        runs.push({ wall, rss });
      }
      const best = runs.reduce((a, b) => (a.wall < b.wall ? a : b));
      const peak = Math.max(...runs.map((r) => r.rss));
      console.log(`  ${String(mb).padStart(3)} MB: ${best.wall.toFixed(2)} s wall (best of 3), ${(mb / best.wall).toFixed(0)} MB/s, peak RSS ${peak.toFixed(0)} MB`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Delivery → issue created, through the real server (webhook verification, queue, log download,
// analysis, issue creation) against the fake GitHub on loopback.
async function pipeline(n = 60) {
  const { generateKeyPairSync, createHmac, randomUUID } = await import('node:crypto');
  const { FakeGitHub } = await import(join(root, 'dist/dev/fake-github/index.js'));
  const { startServer } = await import(join(root, 'dist/server.js'));
  const { openLowdbStore } = await import(join(root, 'dist/store/lowdb.js'));
  const { ConfigSchema } = await import(join(root, 'dist/config/schema.js'));
  const { silentLogger } = await import(join(root, 'dist/log.js'));
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  const fake = new FakeGitHub({ appId: 1, appPublicKey: keys.publicKey, validateResponses: false });
  await fake.start();
  fake.addRepo({ owner: 'acme', name: 'bench', defaultBranch: 'main', files: { '.github/workflows/ci.yml': 'name: CI\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm ci\n' } });
  const dir = mkdtempSync(join(tmpdir(), 'autofix-bench-'));
  const store = await openLowdbStore({ file: join(dir, 'state.json') });
  const secret = 'bench-secret';
  const server = await startServer(
    { appId: '1', privateKey: keys.privateKey, webhookSecret: secret, apiUrl: fake.url, port: 0, host: '127.0.0.1', copilotUserToken: null, spaceWrites: false, workerPollMs: 5 },
    { config: ConfigSchema.parse({ rate_limits: { max_issues_per_hour: 1000, max_prs_per_hour: 1000 }, categories: { dependency_error: { auto_pr: false } } }), rules: [], store, logger: silentLogger },
  );
  const log = readFileSync(join(root, 'fixtures/logs/npm-e404-missing-package/job.txt'), 'utf8');
  const times = [];
  try {
    for (let i = 0; i < n; i++) {
      const runId = 5000 + i;
      const sha = fake.branches('acme/bench').main;
      // A distinct failure each time (another missing package), so each delivery opens an issue.
      fake.addWorkflowRun({ repo: 'acme/bench', id: runId, name: 'CI', head_branch: 'main', head_sha: sha, event: 'push', status: 'completed', conclusion: 'failure', path: '.github/workflows/ci.yml',
        jobs: [{ id: runId * 10, name: 'build', conclusion: 'failure', log: log.replaceAll('design-tokens', `design-tokens-${i}`), steps: [{ name: 'Run npm ci', number: 2, conclusion: 'failure' }] }] });
      const payload = { action: 'completed', installation: { id: 1 }, repository: { full_name: 'acme/bench', default_branch: 'main' },
        workflow_run: { id: runId, run_attempt: 1, name: 'CI', workflow_id: 1, head_branch: 'main', head_sha: sha, event: 'push', conclusion: 'failure', html_url: `https://github.com/acme/bench/actions/runs/${runId}`,
          path: '.github/workflows/ci.yml', repository: { full_name: 'acme/bench' }, head_repository: { full_name: 'acme/bench' }, pull_requests: [] } };
      const body = JSON.stringify(payload);
      const before = fake.issues('acme/bench').length;
      const start = performance.now();
      const res = await fetch(`${server.url}/api/github/webhooks`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-github-event': 'workflow_run', 'x-github-delivery': randomUUID(), 'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` } });
      if (res.status !== 202) throw new Error(`delivery answered ${res.status}: ${await res.text()}`);
      const deadline = Date.now() + 20_000;
      while (fake.issues('acme/bench').length === before) {
        if (Date.now() > deadline) throw new Error(`no issue after 20 s; audit: ${JSON.stringify((await store.listAudit()).slice(-5))}`);
        await new Promise((r) => setTimeout(r, 1));
      }
      times.push(performance.now() - start);
    }
  } finally {
    await server.close();
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(0);
  console.log(`pipeline (${n} signed deliveries → issue created, log download included, fake GitHub on loopback):`);
  console.log(`  p50 ${q(0.5)} ms   p99 ${q(0.99)} ms   max ${times[times.length - 1].toFixed(0)} ms`);
}

if (!existsSync(cli)) throw new Error('dist/ is missing: run `npm run build` first');
fixtures();
realLogs();
if (!process.argv.includes('--no-throughput')) await throughput();
if (!process.argv.includes('--no-pipeline')) await pipeline();
