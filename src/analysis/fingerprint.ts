import { createHash } from 'node:crypto';
import { normalizeLine } from './clean.js';

/**
 * Stable across runs of the same failure (numbers, hashes, paths, timestamps, durations and the
 * matrix part of a job name are normalized away), different for different failures.
 */
export function fingerprint(parts: { category: string; rule: string | null; root: string; step: string | null; job: string | null }): string {
  const job = (parts.job ?? '').replace(/\s*\(.*\)\s*$/, '');
  const key = [parts.category, parts.rule ?? '', normalizeLine(parts.root), normalizeLine(parts.step ?? ''), normalizeLine(job)].join('\n');
  return createHash('sha256').update(key).digest('hex').slice(0, 20);
}
