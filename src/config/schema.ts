// The single declaration of every knob: types, defaults and the text shown in `autofix config
// schema` (JSON Schema for editors) all come from here. Keep descriptions user-facing.
import { z } from 'zod';
import { CATEGORIES, FIX_TYPES, type Category } from '../analysis/types.js';

export const CategoryId = z.enum(CATEGORIES);
export const FixTypeId = z.enum(FIX_TYPES);

const percent = z.number().int().min(0).max(100);

export const ExtraRuleSchema = z
  .object({
    id: z.string().min(1).describe('Unique rule id, shown in patterns_found.'),
    pattern: z.string().min(1).describe('JavaScript regular expression matched against each cleaned log line. Named groups (?<package>…), (?<variable>…), (?<host>…), (?<file>…), (?<module>…) become captured values.'),
    flags: z.string().regex(/^[imsu]*$/).default('').describe('Regular-expression flags: any of i, m, s, u, each at most once.'),
    category: CategoryId.describe('Category a match points to.'),
    confidence: percent.default(80).describe('How sure a match makes the engine (0-100).'),
    description: z.string().optional().describe('What the rule recognizes, for people reading the config.'),
  })
  .strict();

// Every field is optional: a field left out keeps *that category's* default (policy_check has
// issue: false), so `timeout: {auto_pr: false}` changes one thing and nothing else.
const CategoryPolicy = z
  .object({
    auto_pr: z.boolean().optional().describe("May a confident failure of this category get an automatic draft PR? Default: the category's default."),
    issue: z.boolean().optional().describe("Open (or update) an issue for a failure of this category. Default: the category's default."),
    fix_type: FixTypeId.optional().describe('Override the kind of fix proposed for this category.'),
    min_confidence: percent.optional().describe('Overrides the global min_confidence for this category.'),
  })
  .strict();

type CategoryPolicyOut = { auto_pr: boolean; issue: boolean; fix_type?: z.output<typeof FixTypeId>; min_confidence?: number };

const defaultCategories = {
  dependency_error: { auto_pr: true, issue: true },
  timeout: { auto_pr: true, issue: true },
  docker_error: { auto_pr: true, issue: true },
  resource_error: { auto_pr: true, issue: true },
  network_error: { auto_pr: true, issue: true },
  workflow_error: { auto_pr: true, issue: true },
  env_variable_missing: { auto_pr: false, issue: true },
  permission_error: { auto_pr: false, issue: true },
  syntax_error: { auto_pr: false, issue: true },
  test_failure: { auto_pr: false, issue: true },
  lint_error: { auto_pr: false, issue: true },
  unknown: { auto_pr: false, issue: true },
  policy_check: { auto_pr: false, issue: false },
} satisfies Record<Category, { auto_pr: boolean; issue: boolean }>;

/** Field-wise merge of the given policies over the defaults (fields left out are absent, not undefined). */
function mergeCategories(given: Partial<Record<Category, z.output<typeof CategoryPolicy>>>): Record<Category, CategoryPolicyOut> {
  const out = {} as Record<Category, CategoryPolicyOut>;
  for (const id of CATEGORIES) {
    const set = Object.entries(given[id] ?? {}).filter(([, v]) => v !== undefined);
    out[id] = { ...defaultCategories[id], ...Object.fromEntries(set) };
  }
  return out;
}

/**
 * Checks zod cannot express per field: each pattern compiles with its flags, ids are unique.
 * Runs even when another field of a rule is wrong (`when`), so every problem is reported at once;
 * hence the defensive reads of a value that may not have the rule shape.
 */
function checkRules(rules: unknown, ctx: z.RefinementCtx): void {
  if (!Array.isArray(rules)) return;
  const seen = new Map<unknown, number>();
  rules.forEach((raw, i) => {
    const rule = (raw ?? {}) as Record<string, unknown>;
    const flags = typeof rule.flags === 'string' && /^[imsu]*$/.test(rule.flags) ? rule.flags : '';
    try {
      new RegExp('', flags);
    } catch {
      ctx.addIssue({ code: 'custom', path: [i, 'flags'], input: rule.flags, message: 'each flag at most once' });
      return;
    }
    if (typeof rule.pattern === 'string' && rule.pattern !== '') {
      try {
        new RegExp(rule.pattern, flags);
      } catch (e) {
        const message = `a JavaScript regular expression that compiles (${(e as Error).message})`;
        ctx.addIssue({ code: 'custom', path: [i, 'pattern'], input: rule.pattern, message });
      }
    }
    if (typeof rule.id === 'string') {
      const first = seen.get(rule.id);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: [i, 'id'], input: rule.id, message: `an id not already used (rules[${first}] has it)` });
      else seen.set(rule.id, i);
    }
  });
}

// Nested objects use prefault({}): a section left out is parsed as {} so each field's own default
// applies, instead of repeating the defaults in a literal that could drift from them.
export const ConfigSchema = z
  .object({
    enabled: z.boolean().default(true).describe('Master switch. When false the bot analyzes but never writes to GitHub or Slack.'),
    dry_run: z.boolean().default(false).describe('Decide and record everything, but perform no write on GitHub or Slack.'),
    min_confidence: percent.default(70).describe('A draft PR needs at least this fix_confidence (0-100).'),
    create_draft: z.boolean().default(true).describe('Open PRs as drafts (recommended: a person marks them ready).'),
    categories: z
      .partialRecord(CategoryId, CategoryPolicy)
      .prefault({})
      .transform(mergeCategories)
      .describe('Per-category policy. Categories and fields left out keep their defaults.'),
    rules: z
      .array(ExtraRuleSchema)
      .superRefine(checkRules, { when: () => true })
      .default([])
      .describe('Extra signature rules, tried before the built-in ones.'),
    rate_limits: z
      .object({
        max_prs_per_hour: z.number().int().min(0).default(10).describe('Draft PRs per repository per sliding hour; more are deferred.'),
        max_issues_per_hour: z.number().int().min(0).default(20).describe('Issues per repository per sliding hour; more are deferred.'),
      })
      .strict()
      .prefault({})
      .describe('Sliding-window limits that survive restarts.'),
    excluded_workflows: z
      .array(z.string().min(1))
      .default(['autofix*', '*auto-healing*', '*Auto-Healing*', '*Autofix*'])
      .describe('Workflow names (globs) the bot never acts on; its own workflows belong here to avoid loops.'),
    monitored_workflows: z.array(z.string().min(1)).default(['*']).describe('Workflow names (globs) the bot acts on.'),
    branches: z.array(z.string().min(1)).default([]).describe('Branch globs that get the full flow besides the default branch (e.g. "release/*").'),
    pull_requests: z
      .enum(['comment', 'slack', 'off'])
      .default('comment')
      .describe('Failures of pull_request runs: one diagnosis comment on the PR, a Slack post, or nothing.'),
    exclude_dependabot: z.boolean().default(true).describe("Ignore Dependabot's own update jobs (they show in Dependabot's UI)."),
    branch_prefix: z.string().min(1).default('autofix/').describe("Prefix of the bot's branches; runs on these branches are never acted on."),
    labels: z
      .object({
        issue: z.array(z.string().min(1)).default(['autofix', 'ci-failure']).describe('Labels on issues the bot opens.'),
        pr: z.array(z.string().min(1)).default(['autofix', 'automated-fix']).describe('Labels on draft PRs the bot opens.'),
        category_prefix: z.string().default('ci:').describe('Prefix of the per-category label (empty: none).'),
      })
      .strict()
      .prefault({})
      .describe('Labels, created when missing.'),
    copilot: z
      .object({
        mode: z
          .enum(['mention', 'assign', 'off'])
          .default('mention')
          .describe('mention: a PR comment addressed to @copilot; assign: assign the issue to the Copilot coding agent (needs COPILOT_USER_TOKEN, else falls back to mention); off.'),
        custom_instructions: z.string().default('').describe('Extra instructions handed to Copilot with every task.'),
      })
      .strict()
      .prefault({})
      .describe('Hand-off to the GitHub Copilot coding agent.'),
    log_max_bytes: z.number().int().min(1024).default(64 * 1024 * 1024).describe('Job logs larger than this are cut (the analysis says so).'),
    baseline: z.boolean().default(true).describe('Compare with the last green run of the same job to down-weight lines that always appear.'),
  })
  .strict();

export type Config = z.output<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;
export type ExtraRule = z.output<typeof ExtraRuleSchema>;

export function defaultConfig(): Config {
  return ConfigSchema.parse({});
}
