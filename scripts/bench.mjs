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
  const cases = readdirSync(base).filter((d) => existsSync(join(base, d, 'label.json'))).sort();
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

if (!existsSync(cli)) throw new Error('dist/ is missing: run `npm run build` first');
fixtures();
realLogs();
if (!process.argv.includes('--no-throughput')) await throughput();
