// The data the engine produces. Everything downstream (proposal, policy, GitHub, Slack) reads
// only these types, so the engine can change how it decides without touching them.

export const CATEGORIES = [
  'dependency_error',
  'syntax_error',
  'test_failure',
  'timeout',
  'permission_error',
  'network_error',
  'docker_error',
  'resource_error',
  'env_variable_missing',
  'lint_error',
  'workflow_error',
  'policy_check',
  'unknown',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const FIX_TYPES = [
  'add_dependency',
  'fix_syntax',
  'fix_test',
  'increase_timeout',
  'fix_permissions',
  'add_retry',
  'fix_docker',
  'increase_resources',
  'add_env_variable',
  'fix_lint',
  'fix_workflow',
  'author_action',
  'manual',
] as const;
export type FixType = (typeof FIX_TYPES)[number];

/** Human names, kept from the seed where it had one (its issue titles use them). */
export const ERROR_TYPE_NAMES: Record<Category, string> = {
  dependency_error: 'Dependency Error',
  syntax_error: 'Syntax/Compile Error',
  test_failure: 'Test Failure',
  timeout: 'Timeout',
  permission_error: 'Permission Error',
  network_error: 'Network Error',
  docker_error: 'Docker Error',
  resource_error: 'Resource Exhaustion',
  env_variable_missing: 'Missing Environment Variable',
  lint_error: 'Lint Error',
  workflow_error: 'Workflow File Error',
  policy_check: 'Repository Policy Check',
  unknown: 'Unknown',
};

export const DEFAULT_FIX_TYPE: Record<Category, FixType> = {
  dependency_error: 'add_dependency',
  syntax_error: 'fix_syntax',
  test_failure: 'fix_test',
  timeout: 'increase_timeout',
  permission_error: 'fix_permissions',
  network_error: 'add_retry',
  docker_error: 'fix_docker',
  resource_error: 'increase_resources',
  env_variable_missing: 'add_env_variable',
  lint_error: 'fix_lint',
  workflow_error: 'fix_workflow',
  policy_check: 'author_action',
  unknown: 'manual',
};

export interface CapturedValues {
  package?: string;
  module?: string;
  variable?: string;
  host?: string;
  file?: string;
  [key: string]: string | undefined;
}

export interface ErrorEntry {
  /** 1-based line number in the (timestamp-stripped) log. */
  line: number;
  text: string;
  step: string | null;
  rule: string | null;
  category: Category;
  score: number;
  context: string[];
}

export interface AffectedFile {
  path: string;
  line?: number;
  column?: number;
}

export interface Analysis {
  run_id: string | null;
  workflow_name: string | null;
  job: string | null;
  /** Name of the failing step as found in the log (or given by the API). */
  step: string | null;
  category: Category;
  error_type: string;
  fix_type: FixType;
  /** The one line judged to be the cause, without timestamp or colour codes, redacted. */
  root_cause: string;
  root_line: number | null;
  fix_confidence: number;
  captured_values: CapturedValues;
  errors: ErrorEntry[];
  patterns_found: string[];
  recommendations: string[];
  affected_files: AffectedFile[];
  log_snippets: string[];
  exit_code: number | null;
  fingerprint: string;
  /** Notes about the input itself: truncated, binary bytes skipped, no steps found... */
  notes: string[];
}

/** What GitHub's jobs API says about a job, when the caller has it. */
export interface JobMeta {
  run_id?: string | number | null;
  workflow_name?: string | null;
  job_name?: string | null;
  failed_step?: string | null;
  steps?: { number?: number; name: string; conclusion: string | null }[];
}
