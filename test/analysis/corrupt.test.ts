// A corrupt log is analyzed as far as it can be: garbage lines are skipped and said so, a log cut
// short still names what it saw.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeStream, analyzeText } from '../../src/analysis/index.js';

const log = readFileSync(join(import.meta.dirname, '../../fixtures/logs/tsc-ts2322-type-mismatch/job.txt'));

describe('corrupt input', () => {
  it('skips binary garbage and still finds the cause', async () => {
    const lines = log.toString('utf8').split('\n');
    lines.splice(40, 0, '\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10');
    const garbage = Buffer.concat([Buffer.from(lines.join('\n')), Buffer.from([0xff, 0xfe, 0x00, 0x00])]);
    const a = await analyzeStream((async function* () { yield garbage; })());
    expect(a.category).toBe('syntax_error');
    expect(a.notes.join(' ')).toMatch(/binary line/);
  });

  it('analyzes a log cut in the middle of a UTF-8 character and of a line', () => {
    const cut = log.subarray(0, Math.floor(log.length * 0.97));
    const a = analyzeText(Buffer.concat([cut, Buffer.from([0xe2, 0x9c])]).toString('latin1'));
    expect(a.fingerprint).toMatch(/^[0-9a-f]{20}$/);
    expect(a.category).not.toBeUndefined();
  });

  it('reads a log without timestamps or step headers as one step', () => {
    const bare = log.toString('utf8').replace(/^\S+Z /gm, '').replace(/^##\[(?:group|endgroup)\].*$/gm, '');
    const a = analyzeText(bare);
    expect(a.root_cause).toContain('error TS2322');
    expect(a.notes.join(' ')).toMatch(/no `##\[group\]Run` step headers/);
  });

  it('says so when a log shows no failure at all', () => {
    const green = readFileSync(join(import.meta.dirname, '../../fixtures/logs/tsc-ts2322-type-mismatch/last-success.txt'), 'utf8');
    const a = analyzeText(green);
    expect(a.fix_confidence).toBeLessThanOrEqual(30);
    expect(a.notes.join(' ')).toMatch(/no step of this log reports a failure/);
  });
});
