import type { Category } from '../types.js';

/**
 * One signature. `score` says how strongly a matching line states the cause of a failure
 * (0-100); the engine picks the root line by score, then by position. Named groups
 * `package`, `module`, `variable`, `host`, `file` become captured values.
 */
export interface Rule {
  id: string;
  category: Category;
  re: RegExp;
  score: number;
  /** A header whose cause is on the next non-empty line ("Request failed due to…:"). */
  next?: boolean;
  /** A line that is never the cause (summaries, stack frames, boilerplate, passing tests). */
  veto?: boolean;
  /** A header of a block (a pre-commit hook): a stronger line of the same kind inside it is the cause. */
  block?: boolean;
}

/** Shorthand used by the rule files: [id, category, score, regex]. */
export type RuleRow = [id: string, category: Category, score: number, re: RegExp, flags?: 'next' | 'veto' | 'block'];

export function rows(prefix: string, list: RuleRow[]): Rule[] {
  return list.map(([id, category, score, re, flag]) => ({
    id: `${prefix}.${id}`, category, score, re,
    ...(flag === 'next' ? { next: true } : {}),
    ...(flag === 'veto' ? { veto: true } : {}),
    ...(flag === 'block' ? { block: true } : {}),
  }));
}
