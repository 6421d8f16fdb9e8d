import { rows } from './types.js';

// Language-neutral linters, formatters and docs checks (pre-commit, codespell, link checkers,
// "the tree changed" checks).
export const lintRules = rows('lint', [
  ['pre-commit-hook', 'lint_error', 78, /^[^.\s][^\n]*?\.{3,}(?:\(no files to check\))?Failed$/, 'block'],
  ['files-modified', 'lint_error', 40, /^- files were modified by this hook$/],
  ['codespell', 'lint_error', 88, /^(?:##\[error\])?(?<file>\S+):\d+: \S+ ==> \S+/],
  ['links', 'lint_error', 85, /links? to unknown file|Link \S+ is broken|\b(?:broken|dead) links?\b.*(?:found|detected|:)|^\s*\[✗\] \S+|ERROR: \d+ dead links? found/i],
  ['ruff-new', 'lint_error', 86, /^[A-Z]{1,4}\d{3,4} (?:\[\*\] )?[A-Z`]/],
  ['rubocop', 'lint_error', 88, /^(?<file>\S+\.rb):\d+:\d+: [CWEF]: /],
  ['markdownlint', 'lint_error', 86, /^(?<file>\S+\.md):\d+(?::\d+)? MD\d{3}\//],
  ['shellcheck', 'lint_error', 86, /^In (?<file>\S+) line \d+:$|SC\d{4}(?: \(\w+\))?:/],
  ['would-change', 'lint_error', 80, /^Would (?:create|reformat|update|change|fix|rewrite) (?<file>\S+?):?$|^(?<file2>\S+) would be reformatted|^Checking formatting\.\.\. (?:failed|error)|^Diff in (?<file3>\S+?)(?::\d+:| at line \d+:)|^--- (?<file4>\S+)\s+\(original\)$/],
  ['diff-header', 'unknown', 56, /^diff --git a\/(?<file>\S+) b\//],
  ['diffstat', 'unknown', 50, /^(?<file>[\w./-]+)\s+\|\s+\d+ [+-]+$/],
  ['i18n', 'lint_error', 70, /missing (?:key|translation)s? [`'"]?\S+[`'"]? (?:in|for) [`'"]?\S+/i],
]);
