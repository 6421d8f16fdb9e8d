import { existsSync } from 'node:fs';

/** What a command may touch besides its arguments: output streams and a file-exists probe. */
export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  exists: (path: string) => boolean;
}

export const processIo: Io = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  exists: (p) => existsSync(p),
};
