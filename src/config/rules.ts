// Extra rules from config become engine rules. Patterns were checked to compile when the config
// was loaded, so this cannot throw on a validated config.
import type { Rule } from '../analysis/rules/index.js';
import type { Config } from './schema.js';

export function rulesFromConfig(config: Pick<Config, 'rules'>): Rule[] {
  return config.rules.map((r) => ({
    id: r.id.startsWith('config.') || r.id.startsWith('seed.') ? r.id : `config.${r.id}`,
    category: r.category,
    re: new RegExp(r.pattern, r.flags.replace(/[gy]/g, '')),
    score: r.confidence,
  }));
}
