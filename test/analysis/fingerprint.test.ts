import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../src/analysis/index.js';

// The same failure as two runs print it: other timestamps, durations, temp paths and hashes.
function run(ts: string, tmp: string, ms: number, sha: string, file = 'src/parse.ts'): string {
  return [
    `${ts} ##[group]Run npm run build`,
    `${ts} ##[endgroup]`,
    `${ts} build started in ${tmp} at commit ${sha}`,
    `${ts} ${file}(12,7): error TS2322: Type 'string' is not assignable to type 'number'.`,
    `${ts} Done in ${ms}ms.`,
    `${ts} ##[error]Process completed with exit code 2.`,
  ].join('\n');
}

describe('fingerprint', () => {
  it('is stable across runs of the same failure', () => {
    const a = analyzeText(run('2026-11-25T10:00:00.1234567Z', '/tmp/tmp-1234-abcd', 830, '1a2b3c4d5e6f'), { meta: { job_name: 'build (ubuntu-latest, 20)' } });
    const b = analyzeText(run('2026-12-01T18:30:12.7654321Z', '/tmp/tmp-9876-zyxw', 1290, 'ffeeddccbbaa'), { meta: { job_name: 'build (ubuntu-latest, 22)' } });
    expect(a.category).toBe('syntax_error');
    expect(a.fingerprint).toBe(b.fingerprint);
  });

  it('differs for different failures', () => {
    const a = analyzeText(run('2026-11-25T10:00:00.1234567Z', '/tmp/x', 1, 'aaaaaaa'));
    const b = analyzeText(run('2026-11-25T10:00:00.1234567Z', '/tmp/x', 1, 'aaaaaaa', 'src/other.ts'));
    expect(a.fingerprint).not.toBe(b.fingerprint);
  });
});

describe('fingerprint names', () => {
  it('keeps the digits of a captured name: two missing packages are two failures', () => {
    const log = (pkg: string) => [
      '2026-11-25T10:00:00.0000000Z ##[group]Run npm ci',
      '2026-11-25T10:00:00.0000000Z ##[endgroup]',
      `2026-11-25T10:00:01.0000000Z npm error 404 Not Found - GET https://registry.npmjs.org/${pkg} - Not found`,
      '2026-11-25T10:00:02.0000000Z ##[error]Process completed with exit code 1.',
    ].join('\n');
    const a = analyzeText(log('left-pad-1'));
    const b = analyzeText(log('left-pad-2'));
    expect(a.captured_values.package).toBe('left-pad-1');
    expect(a.fingerprint).not.toBe(b.fingerprint);
  });
});
