// A fix proposal: everything the GitHub adapter needs to open one issue and, when policy allows,
// one draft PR. Pure data, built from an Analysis (and the workflow file text when known).

export interface WorkflowEdit {
  /** Repository path of the workflow file, e.g. `.github/workflows/ci.yml`. */
  path: string;
  /** The whole edited file (comments and formatting of untouched parts kept). */
  content: string;
  /** One line per change, for the PR body and the commit message. */
  summary: string[];
  /** What the change does in a few words (PR title, commit subject), e.g. `raise the timeout of job build to 30 min`. */
  title?: string;
}

export interface Proposal {
  fingerprint: string;
  /** Deterministic: `<prefix><workflow-slug>/<category>-<fingerprint[0..10]>`; a repeat collides. */
  branch: string;
  issue: { title: string; body: string; labels: string[] };
  /** `draft` mirrors config.create_draft. The body has no `Fixes #N` until `prBodyWithIssue`. */
  pr: { title: string; body: string; labels: string[]; commitMessage: string; draft?: boolean };
  /** Present when a mechanical workflow change exists; otherwise the PR carries no file change. */
  edit: WorkflowEdit | null;
  /** The task text handed to the Copilot coding agent (mention comment or assignment instructions). */
  copilotTask: string;
}

export interface ProposalContext {
  /** owner/name */
  repo: string;
  /** Links for the body; omitted when unknown (CLI use). */
  runUrl?: string | null;
  jobUrl?: string | null;
  /** Repository path of the workflow file, when known. */
  workflowPath?: string | null;
  /** Text of that workflow file at the failing commit, when known. */
  workflowText?: string | null;
  /** Base branch of the PR (the failing commit's branch). */
  baseBranch?: string | null;
  /** Issue the PR resolves, when already opened: the PR body then carries `Fixes #N`. */
  issueNumber?: number | null;
}
