import type { Io } from './io.js';

export async function serveCommand(_args: string[], io: Io): Promise<number> {
  io.stderr('autofix serve: not available in this build\n');
  return 2;
}
