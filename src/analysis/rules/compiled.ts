import { rows } from './types.js';

// Rust (cargo, rustc, clippy), Go, the JVM (javac, kotlinc, gradle, maven), C and C++.
export const compiledRules = rows('compiled', [
  ['cargo-network', 'network_error', 90, /^(?:error|warning): (?:failed to (?:download|fetch|get|query replaced source registry)|spurious network error)|failed to download from `/],
  ['cargo-no-package', 'dependency_error', 90, /^error: no matching package (?:named|found)[:\s]+`?(?<package>[\w-]+)|^error: failed to select a version for (?:the requirement )?`(?<pkg2>[\w-]+)/],
  ['cargo-summary', 'unknown', 6, /^error: could not compile `|^error: test failed, to rerun pass|^error: \d+ targets? failed:|^error: aborting due to/],
  ['rustc', 'syntax_error', 90, /^error\[E\d{4}\]: /],
  ['rust-panic-msg', 'test_failure', 86, /^assertion `.*` failed|^assertion failed: |^\s*left: .*right: /],
  ['rust-panic', 'test_failure', 70, /^thread '[^']+' panicked at /],
  ['clippy', 'lint_error', 86, /^error: .*#\[deny\(clippy::|^error: this .* \(clippy/],
  ['go-compile', 'syntax_error', 88, /^(?:##\[error\])?\s*(?:\.\/)?(?<file>[\w./-]+\.go):\d+:\d+: (?!warning)/],
  ['go-test-msg', 'test_failure', 84, /^\s+(?<file>[\w-]+_test\.go):\d+: \S/],
  ['go-test-fail', 'test_failure', 55, /^--- FAIL: \S+|^panic: .*\[recovered\]|^FAIL:? \/\/\S+/],
  ['go-build-failed', 'unknown', 8, /^FAIL\s+\S+ \[(?:build|setup) failed\]|^FAIL\s+\S+\s+[\d.]+s$|^FAIL$/],
  ['go-mod', 'dependency_error', 86, /^go: (?!downloading|finding)\S.*(?:reading |no such file|unknown revision|missing go\.sum entry|cannot find module|no required module|not found|invalid version|verifying module)|missing go\.sum entry for module/],
  ['java-pkg-missing', 'dependency_error', 88, /^(?<file>\S+\.java):\d+: error: (?:package \S+ does not exist|cannot access \S+)/],
  ['javac', 'syntax_error', 88, /^(?:\[ERROR\] )?(?<file>\S+\.(?:java|scala|groovy)):\[?\d+(?:,\d+\]?)?:? error: |^e: (?:file:\/\/)?(?<file2>\S+\.kts?):\d+:\d+ /],
  ['gradle-resolve', 'dependency_error', 90, /No matching variant of (?<package>\S+) was found|Could not find (?<pkg2>[\w.-]+:[\w.-]+:[\w.-]+)\.|Could not resolve dependencies for project|Failed to collect dependencies at|dependency (?<pkg3>[\w.-]+:[\w.-]+)(?::\S+)? version changed:/],
  ['gradle-resolve-header', 'dependency_error', 62, /Could not resolve all (?:files|dependencies|artifacts) for configuration|Could not resolve (?<package>[\w.-]+:[\w.-]+:[\w.-]+)\.$/],
  ['gradle-wrapper', 'unknown', 6, /^FAILURE: Build failed with an exception|^\* What went wrong:|^BUILD FAILED in|^> Task \S+ FAILED$|^\[ERROR\] (?:Failed to execute goal|BUILD FAILURE|-> \[Help|Re-run Maven|To see the full stack|For more information about the errors)/],
  ['surefire', 'test_failure', 70, /^\[ERROR\] (?:Tests run: .*FAILURE|\S+\(\S+\)\s+Time elapsed: .* <<< (?:FAILURE|ERROR)!)|^\[ERROR\]\s+\S+:\d+ .*expected/],
  ['checkstyle', 'lint_error', 88, /^\[ant:checkstyle\] \[(?:ERROR|WARN)\] |^\[(?:ERROR|WARN)\] \S+\.java:\d+(?::\d+)?: .* \[\w+\]$|The following files had format violations|Spotless\S* found violations/],
  ['cc-error', 'syntax_error', 90, /^\s*(?<file>[\w./+-]+\.(?:c|cc|cpp|cxx|h|hh|hpp|m|mm|cu|S)):\d+(?::\d+)?: (?:fatal )?error: /],
  ['ld-error', 'syntax_error', 84, /undefined reference to `|^(?:\/usr\/bin\/)?ld: .*(?:cannot find -l|undefined)|clang: error: linker command failed|collect2: error: ld returned/],
  ['make-wrapper', 'unknown', 5, /^(?:g?make|ninja)(?:\[\d+\])?: \*\*\* |^ninja: build stopped|^CMake Error at .*:\d+ \(message\):$/],
  ['cmake', 'dependency_error', 70, /Could NOT find (?<package>\w+)|Could not find a package configuration file provided by "(?<pkg2>[^"]+)"/],
]);
