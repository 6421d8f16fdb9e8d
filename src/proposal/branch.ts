// Branch names. Deterministic on purpose: the same failure (fingerprint) always maps to the same
// branch, so a repeat collides with the existing branch/PR instead of opening a new one (the seed
// used timestamps and never deduplicated).
import type { Analysis } from '../analysis/types.js';

const SLUG_MAX = 40;

/** Lowercase `[a-z0-9-]`, at most 40 chars, never empty; accents folded (`Déploiement` → `deploiement`). */
export function slug(text: string, fallback = 'workflow'): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_MAX)
    .replace(/-+$/, '');
  return s || fallback;
}

/** The rules of `git check-ref-format --branch`, for names we build from outside input. */
export function isValidBranchName(name: string): boolean {
  if (!name || name.startsWith('-') || name.startsWith('/') || name.endsWith('/') || name.endsWith('.')) return false;
  if (name === '@' || name.includes('..') || name.includes('@{') || name.includes('//')) return false;
  // Control characters, space and ~ ^ : ? * [ \ are not allowed anywhere.
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name)) return false;
  return name.split('/').every((part) => part !== '' && !part.startsWith('.') && !part.endsWith('.lock'));
}

/** `<prefix><workflow-slug>/<category>-<fingerprint[0..10]>`. */
export function branchName(prefix: string, analysis: Pick<Analysis, 'workflow_name' | 'category' | 'fingerprint'>): string {
  const fp = analysis.fingerprint.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 10) || 'nofingerprint';
  const name = `${prefix}${slug(analysis.workflow_name || 'workflow')}/${analysis.category}-${fp}`;
  // The prefix comes from user config; if it makes the name invalid, fall back to the default one.
  return isValidBranchName(name) ? name : `autofix/${name.slice(prefix.length)}`;
}
