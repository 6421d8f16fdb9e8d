import { describe, expect, it } from 'vitest';
import { redact, redactDeep } from '../../src/analysis/redact.js';
import { analyzeText } from '../../src/analysis/index.js';

// Planted, syntactically valid but fake secrets.
const SECRETS = {
  ghp: 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8',
  ghs: 'ghs_' + 'Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2',
  pat: 'github_pat_' + '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV',
  slack: 'xoxb-' + '123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
  aws: 'AKIA' + 'IOSFODNN7EXAMPLE',
  jwt: 'eyJhbGciOiJIUzI1NiJ9' + '.eyJzdWIiOiIxMjM0NTY3ODkwIn0.' + 'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
  npm: 'npm_' + 'abcdefghijklmnopqrstuvwxyz0123456789',
};

describe('redact', () => {
  it.each(Object.entries(SECRETS))('masks a %s token', (_kind, token) => {
    const out = redact(`curl -H "x: ${token}" failed`);
    expect(out).not.toContain(token);
    expect(out).toContain('[REDACTED]');
  });

  it('masks Authorization headers, URL credentials and secret-looking assignments', () => {
    expect(redact('Authorization: Bearer abc.def.ghi')).toBe('Authorization: Bearer [REDACTED]');
    expect(redact('fatal: unable to access https://user:hunter2@example.com/repo.git')).toBe('fatal: unable to access https://[REDACTED]@example.com/repo.git');
    expect(redact('DB_PASSWORD=s3cr3t-value ok')).toBe('DB_PASSWORD=[REDACTED] ok');
    expect(redact('  API_KEY: "abcd1234efgh"')).toBe('  API_KEY: "[REDACTED]"');
    // Line by line, so a block spread over log context lines is masked whole and lines stay aligned.
    expect(redact('-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----')).toBe('[REDACTED]\n[REDACTED]\n[REDACTED]');
    expect(redactDeep(['before', '-----BEGIN RSA PRIVATE KEY-----', 'MIIEow', '-----END RSA PRIVATE KEY-----', 'after'])).toEqual(['before', '[REDACTED]', '[REDACTED]', '[REDACTED]', 'after']);
  });

  it('leaves masked values, expressions and ordinary text alone', () => {
    expect(redact('GITHUB_TOKEN: ***')).toBe('GITHUB_TOKEN: ***');
    expect(redact('token: ${{ secrets.GITHUB_TOKEN }}')).toBe('token: ${{ secrets.GITHUB_TOKEN }}');
    const plain = "src/a.ts(3,5): error TS2322: Type 'string' is not assignable to type 'number'.";
    expect(redact(plain)).toBe(plain);
  });

  it('no secret from the log reaches any field of the analysis', () => {
    const log = [
      '2026-11-25T10:00:00.0000000Z ##[group]Run ./deploy.sh',
      '2026-11-25T10:00:00.0000000Z ##[endgroup]',
      ...Object.values(SECRETS).map((s) => `2026-11-25T10:00:01.0000000Z using ${s}`),
      `2026-11-25T10:00:02.0000000Z fatal: unable to access 'https://x-access-token:${SECRETS.ghs}@github.com/o/r.git/': The requested URL returned error: 403`,
      '2026-11-25T10:00:03.0000000Z ##[error]Process completed with exit code 128.',
    ].join('\n');
    const json = JSON.stringify(analyzeText(log));
    for (const s of Object.values(SECRETS)) expect(json).not.toContain(s);
    expect(json).toContain('[REDACTED]');
  });
});
