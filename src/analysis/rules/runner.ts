import { rows } from './types.js';

// What the GitHub runner and the toolkit used by JavaScript actions say.
export const runnerRules = rows('runner', [
  ['max-execution-time', 'timeout', 96, /has exceeded the maximum execution time of \d+ minutes?|Job execution time exceeded/],
  ['action-timed-out', 'timeout', 92, /^(?:Error: )?The action '[^']*' has timed out after \d+ minutes?/],
  ['shutdown', 'resource_error', 72, /The runner has received a shutdown signal|lost communication with the server|The hosted runner encountered an error while running your job/],
  ['input-required', 'workflow_error', 88, /^(?:Error: )?Input required and not supplied: (?<variable>[\w-]+)/],
  ['unexpected-input', 'workflow_error', 55, /Unexpected input\(s\) '(?<variable>[^']+)', valid inputs are/],
  ['resolve-action', 'workflow_error', 92, /Unable to resolve action [`']?(?<package>[^`'\s,]+)|Can't find 'action\.ya?ml', 'action\.ya?ml' or 'Dockerfile'|An action could not be found at the URI/],
  ['invalid-workflow', 'workflow_error', 92, /The template is not valid|Invalid workflow file|The workflow is not valid|Unrecognized named-value: '[^']+'|Unrecognized function: '[^']+'|Unexpected value '[^']+'|Required property is missing:/],
  ['no-artifact-files', 'workflow_error', 80, /No files were found with the provided path: (?<file>\S+?)\.? (?:No artifacts will be uploaded)?/],
  ['artifact-missing', 'workflow_error', 86, /Unable to download artifact|Artifact not found for name|Unable to find any artifacts for the associated workflow|no artifact matches any of the names or patterns|Invalid or unsupported zip format/],
  ['toolchain-missing', 'workflow_error', 86, /Version (?:spec )?'?[\w.*-]+'? (?:with arch \w+ )?(?:was )?not found|The version '[^']+' with architecture '\w+' was not found|Unable to find (?:Node|Python|Go|Java) version|Could not find a version that satisfied version spec|toolchain '[^']+' is not installed|cannot compile Go [\d.]+ code|requires go >= ?[\d.]+|go: go\.mod requires go >= [\d.]+|The engine "\w+" is incompatible with this module|Unsupported engine for|requires rustc [\d.]+ or newer|is not compatible with the current Python|requires a different Python:|Python [\d.]+ is not supported/],
  ['no-package-json', 'workflow_error', 82, /enoent Could not read package\.json|ENOENT: no such file or directory, open '[^']*package\.json'|Couldn't find a package\.json file in/],
  ['working-directory', 'workflow_error', 90, /with working directory '(?<file>[^']+)'\. No such file or directory|Unable to find working directory|working-directory .* does not exist/],
  ['path-missing', 'workflow_error', 78, /^(?:ls|cat|cp|mv|cd|tar|zip|du|stat|chmod|source|bash|sh|\.): (?:line \d+: )?(?:cannot access |cannot stat |can't cd to |cannot open )?'?(?<file>[^':]+?)'?: No such file or directory$/],
  ['empty-argument', 'workflow_error', 80, /option requires (?:1|an|one) argument|requires an argument but none was given|argument \S+: expected one argument/],
  ['missing-script', 'workflow_error', 84, /^npm (?:error|ERR!) Missing script: "?(?<variable>[\w:.-]+)|^error Command "(?<var2>[\w:.-]+)" not found\.|ERR_PNPM_NO_SCRIPT\b/],
  ['bad-invocation', 'workflow_error', 76, /error: unrecognized arguments: |error: unknown option [`'"]|^Unknown option:? [`'"-]|error: unexpected argument '[^']+' found/],
  ['no-tests-found', 'workflow_error', 74, /No test files found, exiting with code|^No tests found, exiting with code|^Error: No tests found|no tests ran in|collected 0 items/],
  ['locate-executable', 'workflow_error', 80, /Unable to locate executable file: (?<file>\S+)/],
  ['powershell-on-bash', 'workflow_error', 84, /The term '[^']+' is not recognized as (?:the )?name of a cmdlet|is not recognized as an internal or external command|ParserError: |Get-ChildItem: command not found|Set-Location: command not found|Write-Host: command not found/],
  ['git-ambiguous', 'workflow_error', 80, /^fatal: ambiguous argument '[^']*': unknown revision or path not in the working tree|^fatal: couldn't find remote ref (?<package>\S+)|^error: pathspec '[^']+' did not match any file|^fatal: not a git repository|^fatal: no such branch|^fatal: invalid reference: /],
  ['request-failed-header', 'unknown', 20, /^Request failed due to following response errors:?$/, 'next'],
  ['wrapper-annotation', 'unknown', 8, /^Dependabot encountered an error performing the update|^There was one or more errors|^Command \[.*\] failed with code \d+|^Error: Command failed: (?:npm|yarn|pnpm) run |^Error: running ".*" failed with exit code \d+|^Error: Process exited with code \d+$/],
]);
