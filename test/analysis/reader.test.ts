import { describe, expect, it } from 'vitest';
import { readLogText, LogReader } from '../../src/analysis/reader.js';
import { cleanLine, normalizeLine } from '../../src/analysis/clean.js';

// Runner wrapper lines (timestamps, ##[group], ##[error]) are the runner's own text, not a tool's.
function log(lines: string[]): string {
  let t = Date.parse('2026-11-25T10:00:00Z');
  return lines.map((l) => `${new Date((t += 1000)).toISOString().replace('Z', '0000Z')} ${l}`).join('\n') + '\n';
}

describe('reader', () => {
  it('strips timestamps and colour codes', () => {
    expect(cleanLine('2026-11-25T10:00:01.1234567Z \x1b[36;1mnpm test\x1b[0m')).toBe('npm test');
    expect(cleanLine('\ufeff2026-11-25T10:00:01.1234567Z hello')).toBe('hello');
    expect(cleanLine('no timestamp here')).toBe('no timestamp here');
    expect(cleanLine('2026-11-25T10:00:01.1234567Z progress 10%\rprogress 100%\r')).toBe('progress 100%');
  });

  it('splits steps on ##[group]Run headers and keeps the header block apart', () => {
    const m = readLogText(log([
      'Current runner version: 2.329.0',
      '##[group]Run actions/checkout@v4',
      'with:',
      '  repository: o/r',
      '##[endgroup]',
      'Syncing repository: o/r',
      '##[group]Run npm test',
      '\x1b[36;1mnpm test\x1b[0m',
      'shell: /usr/bin/bash -e {0}',
      '##[endgroup]',
      'some output',
      '##[error]Process completed with exit code 3.',
      'Post job cleanup.',
      'Cleaning up orphan processes',
    ]));
    expect(m.steps.map((s) => s.name)).toEqual(['Set up job', 'Run actions/checkout@v4', 'Run npm test', 'Post job cleanup']);
    const test = m.steps[2]!;
    expect(test.command).toEqual(['npm test', 'shell: /usr/bin/bash -e {0}']);
    expect(test.exitCode).toBe(3);
    expect(test.errors.map((e) => e.text)).toEqual(['Process completed with exit code 3.']);
    expect(test.lines.map((l) => l.text)).toContain('some output');
    expect(m.steps[3]!.post).toBe(true);
  });

  it('reads runner job-level messages', () => {
    const m = readLogText(log([
      '##[group]Run sleep 1000',
      '##[endgroup]',
      '##[error]The job running on runner GitHub Actions 3 has exceeded the maximum execution time of 5 minutes.',
      '##[error]The operation was canceled.',
    ]));
    expect(m.jobMessages).toHaveLength(2);
    expect(m.steps[1]!.canceled).toBe(true);
  });

  it('keeps memory bounded: a huge step keeps its first, last and error-looking lines only', () => {
    const reader = new LogReader();
    reader.write(log(['##[group]Run make', '##[endgroup]']));
    for (let i = 0; i < 200; i++) reader.write(log(Array.from({ length: 1000 }, (_, j) => `compiling unit ${i}-${j}`)));
    reader.write(log(['src/x.c:3:1: error: expected declaration', '##[error]Process completed with exit code 2.']));
    const m = reader.end();
    const step = m.steps[1]!;
    expect(step.outputLines).toBeGreaterThan(200_000);
    expect(step.lines.length).toBeLessThan(2000);
    expect(step.lines.some((l) => l.text.includes('error: expected declaration'))).toBe(true);
  });

  it('keeps an error line from the middle of a long step, with context', () => {
    const lines = ['##[group]Run ./build.sh', '##[endgroup]'];
    for (let i = 0; i < 2000; i++) lines.push(i === 1000 ? 'fatal: the middle failed' : `step ${i} ok`);
    lines.push('##[error]Process completed with exit code 1.');
    const m = readLogText(log(lines));
    const kept = m.steps[1]!.lines.map((l) => l.text);
    expect(kept).toContain('fatal: the middle failed');
    expect(kept).toContain('step 999 ok');
  });

  it('cuts at maxBytes and says so', () => {
    const m = readLogText(log(Array.from({ length: 1000 }, (_, i) => `line ${i}`)), { maxBytes: 2000 });
    expect(m.truncated).toBe(true);
    expect(m.bytes).toBe(2000);
  });

  it('decodes UTF-8 split across chunks', () => {
    const text = Buffer.from(log(['##[group]Run x', '##[endgroup]', 'ünïcødé ✘ failure', '##[error]Process completed with exit code 1.']));
    const reader = new LogReader();
    for (let i = 0; i < text.length; i += 7) reader.write(text.subarray(i, i + 7));
    const m = reader.end();
    expect(m.steps[1]!.lines.map((l) => l.text)).toContain('ünïcødé ✘ failure');
  });

  it('skips binary garbage lines', () => {
    const m = readLogText(log(['##[group]Run x', '##[endgroup]', '\x00\x01\x02\x03\x04\x05\x06\x07', 'ok']));
    expect(m.binaryLines).toBe(1);
  });

  it('normalizes what changes between runs', () => {
    expect(normalizeLine('took 3.2s at 2026-11-25T10:00:01Z in /tmp/abc123/x sha 1a2b3c4d5e6f7')).toBe(
      normalizeLine('took 15.9s at 2026-11-26T11:22:33Z in /tmp/zzz999/x sha 9f8e7d6c5b4a3'),
    );
    expect(normalizeLine('error TS2322 in a.ts')).not.toBe(normalizeLine('error TS2322 in b.ts'));
  });
});
