import { createHash } from 'node:crypto';
import { normalizeLine } from './clean.js';

/**
 * Stable across runs of the same failure (numbers, hashes, paths, timestamps, durations and the
 * matrix part of a job name are normalized away), different for different failures.
 */
export function fingerprint(parts: { category: string; root: string; step: string | null; job: string | null; names?: (string | undefined)[] }): string {
  const job = (parts.job ?? '').replace(/\s*\(.*\)\s*$/, '');
  // Names (a missing package, a variable, a file) are kept verbatim: normalizing their digits
  // away would make `lib2` and `lib3` one failure.
  const names = (parts.names ?? []).filter(Boolean).join('|');
  const key = [parts.category, normalizeLine(parts.root), names, normalizeLine(parts.step ?? ''), normalizeLine(job)].join('\n');
  return createHash('sha256').update(key).digest('hex').slice(0, 20);
}
