// What a step's name and command say about the kind of check it runs. Weak evidence: used when
// no line has a specific signature, and to tell a lint or policy check from a test run.
import type { Category } from './types.js';
import type { StepRecord } from './reader.js';

export interface Hint {
  category: Category;
  strength: number;
}

const HINTS: [Category, number, RegExp][] = [
  ['policy_check', 62, /changelog|change log|\blabels?\b|milestone|\bpr title|semantic[- ]pull|semantic[- ]pr|allow[- ]edits|\bdco\b|\bcla\b|sign-?off|pr status|check pr\b|enforce-label|require-label|require-allow|conventional commit|news fragment|towncrier/i],
  ['lint_error', 60, /\blint|eslint|prettier|format|\bfmt\b|ruff|flake8|pylint|\bblack\b|isort|pre-commit|codespell|spell|stylelint|clippy|checkstyle|spotless|knip|markdownlint|shellcheck|check links|broken url|\blinks\b|\bvale\b|typos|gofmt|golangci|rubocop|style checks?/i],
  ['test_failure', 52, /\btests?\b|pytest|jest|vitest|mocha|\bspecs?\b|\be2e\b|cypress|playwright|ctest|\bunit\b|smoke|integration/i],
  ['dependency_error', 50, /\binstall\b|dependenc|\bdeps\b|npm ci|bundle install|go mod|restore|pip sync|poetry lock/i],
  ['docker_error', 50, /docker|buildx|\bimage\b|container|compose/i],

];

export function stepHints(step: StepRecord, apiName?: string | null): Hint | null {
  const name = `${apiName ?? ''}\n${step.name.replace(/^Run /, '')}`;
  const text = `${name}\n${step.command.slice(0, 6).join('\n')}`;
  for (const [category, strength, re] of HINTS) if (re.test(name)) return { category, strength };
  for (const [category, strength, re] of HINTS) if (re.test(text)) return { category, strength: strength - 5 };
  return null;
}
