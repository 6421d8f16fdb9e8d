// operationId → handler. An operation that is in GitHub's description but not here answers 501
// and is recorded as a violation, so a test never silently passes against a missing route.
import type { Handler } from '../http.js';
import { actionHandlers } from './actions.js';
import { appHandlers } from './apps.js';
import { commentHandlers } from './comments.js';
import { gitHandlers } from './git.js';
import { issueHandlers } from './issues.js';
import { pullHandlers } from './pulls.js';
import { repoHandlers } from './repos.js';
import { searchHandlers } from './search.js';

export const handlers: Record<string, Handler> = {
  ...appHandlers,
  ...repoHandlers,
  ...issueHandlers,
  ...commentHandlers,
  ...pullHandlers,
  ...gitHandlers,
  ...actionHandlers,
  ...searchHandlers,
};
