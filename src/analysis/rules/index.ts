// The ordered rule table. Vetoes first; then every rule is tried and the strongest wins, so the
// order of the lists below only breaks ties.
import type { Rule } from './types.js';
import { noiseRules } from './noise.js';
import { runnerRules } from './runner.js';
import { nodeRules } from './node.js';
import { pythonRules } from './python.js';
import { compiledRules } from './compiled.js';
import { systemRules } from './system.js';
import { policyRules } from './policy.js';
import { lintRules } from './lint.js';
import { genericRules } from './generic.js';

export type { Rule } from './types.js';

export const BUILTIN_RULES: readonly Rule[] = [
  ...noiseRules,
  ...runnerRules,
  ...policyRules,
  ...systemRules,
  ...nodeRules,
  ...pythonRules,
  ...compiledRules,
  ...lintRules,
  ...genericRules,
];

export interface RuleSet {
  vetoes: Rule[];
  /** Wrappers and warnings (score ≤ CAP): a match caps the line, whatever else it says. */
  caps: Rule[];
  rules: Rule[];
}

const CAP = 10;

export function buildRuleSet(extra: readonly Rule[] = []): RuleSet {
  const all = [...extra, ...BUILTIN_RULES];
  return {
    vetoes: all.filter((r) => r.veto),
    caps: all.filter((r) => !r.veto && r.score <= CAP),
    rules: all.filter((r) => !r.veto && r.score > CAP),
  };
}

export interface RuleMatch {
  rule: Rule;
  groups: Record<string, string>;
}

/** The strongest rule matching a line, null when a veto matched or nothing did. */
export function matchLine(set: RuleSet, text: string): RuleMatch | null | 'veto' {
  for (const v of set.vetoes) if (v.re.test(text)) return 'veto';
  // `make: *** [all] Error 2` or `buildx failed with: ERROR: …` contain error words, but the
  // cause is the inner tool's line: a wrapper never outranks it.
  for (const c of set.caps) if (c.re.test(text)) return { rule: c, groups: {} };
  let best: RuleMatch | null = null;
  for (const rule of set.rules) {
    if (best && rule.score <= best.rule.score) continue;
    const m = rule.re.exec(text);
    if (!m) continue;
    const groups: Record<string, string> = {};
    if (m.groups) {
      for (const [k, v] of Object.entries(m.groups)) {
        if (v === undefined) continue;
        groups[canonicalGroup(k)] ??= v;
      }
    }
    best = { rule, groups };
  }
  return best;
}

// Regexes cannot repeat a group name across alternatives, so rules number them: pkg2, mod3...
function canonicalGroup(name: string): string {
  const base = name.replace(/\d+$/, '');
  return ({ pkg: 'package', mod: 'module', var: 'variable' } as Record<string, string>)[base] ?? base;
}
