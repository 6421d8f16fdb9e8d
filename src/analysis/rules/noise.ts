import { rows } from './types.js';

// Lines that are never the cause, whatever words they hold: runner boilerplate, wrappers'
// summaries, stack frames, passing tests. Checked before every other rule; a match vetoes.
export const noiseRules = rows('noise', [
  ['exit-code', 'unknown', 0, /^(?:Error: )?Process completed with exit code -?\d+/, 'veto'],
  ['process-failed', 'unknown', 0, /^(?:Error: )?The process '[^']*' failed with exit code/, 'veto'],
  ['see-above', 'unknown', 0, /\bsee (?:above|the (?:log|output|errors?) above)\b|See above for details|check the logs for more details/i, 'veto'],
  ['complete-log', 'unknown', 0, /A complete log of this run can be found in|^npm (?:error|ERR!)\s*$|^npm (?:error|ERR!) (?:code \d+$|path |command |errno |syscall |signal |A complete log|Log files were not written)/, 'veto'],
  ['js-frame', 'unknown', 0, /^\s*at (?:async )?(?:[\w$.<>[\] ]+ )?\(?(?:file:\/\/|node:|\/|[A-Za-z]:\\|<anonymous>|[\w.-]+\.[cm]?[jt]sx?:)/, 'veto'],
  ['py-frame', 'unknown', 0, /^\s*File "[^"]+", line \d+/, 'veto'],
  ['php-frame', 'unknown', 0, /^#\d+ (?:\/|\{main\}|\[internal)/, 'veto'],
  ['java-frame', 'unknown', 0, /^\s+at [\w$.]+\([\w$]+\.(?:java|kt|scala|groovy):\d+\)|^\s+\.\.\. \d+ more$/, 'veto'],
  ['rust-frame', 'unknown', 0, /^\s+\d+: (?:0x[0-9a-f]+ - )?[\w:<>]+$|^note: run with `RUST_BACKTRACE=1`/, 'veto'],
  ['caret', 'unknown', 0, /^\s*[\^~|]+\s*$|^\s*\d*\s*\|\s*[\^~-]+/, 'veto'],
  ['pass-line', 'unknown', 0, /^\s*(?:✓|✔|√|PASS\b|PASSED\b|\[PASS\]|\[ OK \]|ok \d+ )|(?:\.\.\.|::\S+) (?:ok|PASSED)\s*(?:\[\s*\d+%\])?$|\bPASSED\s*\[\s*\d+%\]$|^--- PASS:|^=== RUN|^\s*\.{3,}Passed$|\.{4,}Passed$|\.{4,}Skipped$|\(no files to check\)Skipped$/, 'veto'],
  ['summary-count', 'unknown', 0, /^\s*(?:Tests?|Test Files|Test Suites|Suites|Snapshots|Assertions):\s+\d+|^\s*(?:Tests|Test Files)\s+\d+ (?:failed|passed)|^=+ .*\b\d+ (?:failed|passed|errors?)\b.*=+$|^(?:Found|found) \d+ (?:errors?|problems?|issues?)|^✖ \d+ problems?|^\d+ (?:problems?|errors?) \(|^\s*\d+ (?:passing|failing|pending)\b|^Ran \d+ tests? in|^FAILED \((?:failures|errors)=|^Tests run: \d+, Failures|^\s*\d+ tests? completed, \d+ failed|^test result: FAILED\.|^\d+ files? would be reformatted|^Oh no! .*💥|^Some (?:tests|specs) failed|Code style issues found in|^\d+ errors? generated\.$|^Found \d+ misspelled words|^\[\*\] \d+ fixable with/, 'veto'],
  ['deprecation', 'unknown', 0, /\bdeprecat(?:ed|ion)\b|DeprecationWarning|^npm warn|^npm WARN|^warning(?: \S+)?: .*(?:will be removed|is deprecated)/i, 'veto'],
  ['step-echo', 'unknown', 0, /^\+ \S|^shell: \/|^\[command\]/, 'veto'],
  ['error-props', 'unknown', 0, /^\s*(?:code|errno|syscall|address|port|type|status|cause|path|dest|stack):\s*['"\d-]/, 'veto'],
  ['npm-code-header', 'unknown', 0, /^npm (?:error|ERR!) code [\w-]+$/, 'veto'],
  ['throw-echo', 'unknown', 0, /^\s*(?:\d+\s*[|│]\s*)?throw new [\w.$]+\(/, 'veto'],
  ['empty-level', 'unknown', 0, /^\[(?:ERROR|WARNING|WARN|INFO)\]\s*$/, 'veto'],
  ['powershell-frame', 'unknown', 0, /^\s*\+ (?:CategoryInfo|FullyQualifiedErrorId)\s*:|^At [A-Za-z]:\\.*:\d+ char:\d+$|^At line:\d+ char:\d+$/, 'veto'],
  ['go-download', 'unknown', 0, /^go: (?:downloading|finding|extracting) /, 'veto'],
  ['cancel', 'unknown', 0, /^The operation was canceled\.?$|^Canceling since a higher priority waiting request/, 'veto'],
]);
