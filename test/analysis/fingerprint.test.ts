import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../src/analysis/index.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../../fixtures/logs', name, 'job.txt'), 'utf8');

/** The same log as another run prints it: other timestamps, durations, temp paths and hashes. */
function anotherRun(log: string): string {
  return log
    .replace(/^(\d{4})-(\d\d)-(\d\d)T(\d\d)/gm, (_m, y, mo, d, h) => `${y}-${mo}-${String((Number(d) % 27) + 1).padStart(2, '0')}T${String((Number(h) + 5) % 24).padStart(2, '0')}`)
    .replace(/\b(\d+(?:\.\d+)?)(m?s)\b/g, (_m, n, unit) => `${(Number(n) * 1.7).toFixed(n.includes('.') ? 2 : 0)}${unit}`)
    .replace(/\/tmp\/[\w.-]+/g, '/tmp/tmp-other-9f8e7d')
    .replace(/\b[0-9a-f]{12,40}\b/g, (h) => 'f'.repeat(h.length));
}

describe('fingerprint', () => {
  it('is stable across runs of the same failure, and across matrix jobs', () => {
    const log = fixture('tsc-ts2322-type-mismatch');
    const a = analyzeText(log, { meta: { job_name: 'build (ubuntu-latest, 20)' } });
    const b = analyzeText(anotherRun(log), { meta: { job_name: 'build (ubuntu-latest, 22)' } });
    expect(anotherRun(log)).not.toBe(log);
    expect(a.category).toBe('syntax_error');
    expect(a.fingerprint).toBe(b.fingerprint);
  });

  it('differs for different failures', () => {
    const prints = ['tsc-ts2322-type-mismatch', 'tsc-ts2307-relative-import-typo', 'npm-e404-missing-package', 'pytest-assert-with-timeout-named-pass'].map(
      (c) => analyzeText(fixture(c)).fingerprint,
    );
    expect(new Set(prints).size).toBe(prints.length);
  });

  it('keeps the digits of a captured name: two missing packages are two failures', () => {
    const log = fixture('npm-e404-missing-package');
    const a = analyzeText(log.replaceAll('design-tokens', 'design-tokens-1'));
    const b = analyzeText(log.replaceAll('design-tokens', 'design-tokens-2'));
    expect(a.captured_values.package).toBe('@acme-internal/design-tokens-1');
    expect(a.fingerprint).not.toBe(b.fingerprint);
  });
});
