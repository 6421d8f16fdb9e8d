// Public API of the proposal module: Analysis → issue/PR/branch/edit/Copilot task, all pure.
export type { Proposal, ProposalContext, WorkflowEdit } from './types.js';
export { propose, prBodyWithIssue, issueTitle, fingerprintMarker } from './propose.js';
export { editWorkflow, type EditOptions } from './workflow-edit.js';
export { describeFailingStep } from './workflow-find.js';
export { branchName, slug, isValidBranchName } from './branch.js';
export { changedLines } from './yaml-text.js';
export { prCommentBody, PR_COMMENT_MARKER, type PrFailure } from './pr-comment.js';
export { withOccurrences, type OccurrenceInfo } from './occurrences.js';
