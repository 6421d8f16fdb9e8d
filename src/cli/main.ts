#!/usr/bin/env node
import { main } from './commands.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Config and input problems already carry a one-line, user-facing message.
    const e = err as Error & { code?: string };
    process.stderr.write(`autofix: ${e.message ?? String(err)}\n`);
    process.exitCode = e.code?.startsWith('config_') || e.code === 'input_invalid' ? 2 : 1;
  },
);
