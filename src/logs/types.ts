import type { JobMeta } from '../analysis/types.js';

export interface JobInput {
  /** Job name as the layout tells it (file name without the number prefix). */
  name: string;
  open(): AsyncIterable<Buffer | string>;
  baseline?: () => AsyncIterable<Buffer | string>;
  meta?: JobMeta;
}

/** A path the user gave that cannot be read as a job log; the message is one line. */
export class InputError extends Error {
  readonly code = 'input_invalid';
}
