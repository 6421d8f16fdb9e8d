import { rows } from './types.js';

// python, pip, pytest, unittest, ruff/flake8/black/isort, mypy.
export const pythonRules = rows('python', [
  ['module-not-found', 'dependency_error', 92, /ModuleNotFoundError: No module named '(?<module>[^']+)'/],
  ['import-error', 'dependency_error', 75, /ImportError: (?:cannot import name '[^']+' from '(?<module>[^']+)'|No module named (?<mod2>\S+))/],
  ['pip-no-version', 'dependency_error', 82, /ERROR: Could not find a version that satisfies the requirement (?<package>[^\s=<>!~;[]+)/],
  ['pip-no-dist', 'dependency_error', 90, /ERROR: No matching distribution found for (?<package>[^\s=<>!~;[]+)/],
  ['pip-resolution', 'dependency_error', 88, /ERROR: ResolutionImpossible|ERROR: Cannot install .* because these package versions have conflicting dependencies|× No solution found when resolving dependencies|Because .* depends on .* and .*, we can conclude/],
  ['pip-network', 'network_error', 86, /Retrying \(Retry\(total=\d+.*\)\) after connection broken by '(?:NewConnectionError|ConnectTimeoutError|ProtocolError|ReadTimeoutError|SSLError)|Max retries exceeded with url|Failed to establish a new connection/],
  ['bundler', 'dependency_error', 90, /Could not find gem '(?<package>[^' ]+)|Bundler::GemNotFound|Could not find (?<pkg2>[\w-]+)-[\d.]+ in (?:any of the sources|locally installed gems)|Your bundle is locked to (?<pkg3>\S+)/],
  ['py-syntax', 'syntax_error', 90, /^\s*(?:E\s+)?(?:SyntaxError|IndentationError|TabError): /],
  ['json-decode', 'syntax_error', 86, /JSONDecodeError: |yaml\.(?:scanner|parser)\.\w+Error: |toml(?:lib)?\.\w*DecodeError: /],
  ['keyerror-env', 'env_variable_missing', 82, /KeyError: '(?<variable>[A-Z][A-Z0-9_]{2,})'$/],
  ['memoryerror', 'resource_error', 90, /^\s*(?:E\s+)?MemoryError\b/],
  ['pytest-e-assert', 'test_failure', 88, /^E\s+(?:assert |AssertionError\b)/],
  ['pytest-e-exception', 'test_failure', 84, /^E\s+(?:[\w.]+\.)?\w*(?:Error|Exception|Exit|Failure|Warning)\b(?::|$)/],
  ['pytest-failed-summary', 'test_failure', 62, /^FAILED \S+::\S+/],
  ['unittest-fail', 'test_failure', 62, /^(?:FAIL|ERROR): test\w* \(/],
  ['ruff-flake8', 'lint_error', 88, /^(?<file>[\w./-]+\.pyi?):\d+:\d+: [A-Z]{1,3}\d{2,4}\b/],
  ['black', 'lint_error', 86, /^would reformat (?<file>\S+)|^reformatted (?<file2>\S+)|^ERROR: (?<file3>\S+) Imports are incorrectly sorted/],
  ['mypy', 'syntax_error', 84, /^(?<file>[\w./-]+\.pyi?):\d+: error: .*\[[\w-]+\]$/],
  ['pylint', 'lint_error', 84, /^(?<file>[\w./-]+\.py):\d+:\d+: [CRWEF]\d{4}: /],
  ['sphinx-spell', 'lint_error', 82, /Spell check: |^WARNING: .*: (?:undefined label|unknown document|duplicate label|term not in glossary)/],
]);
