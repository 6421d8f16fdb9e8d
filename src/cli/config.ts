// `autofix config check|schema|print`: the feedback loop for someone editing config/autofix.yml.
// Exit codes: 0 fine, 1 the file has problems (each printed on one line), 2 the file cannot be
// read or the command line is wrong, so scripts can tell "fix your config" from "wrong path".
import { existsSync } from 'node:fs';
import { dump } from 'js-yaml';
import { ConfigError } from '../config/errors.js';
import { configJsonSchemaText } from '../config/json-schema.js';
import { loadConfigWithWarnings, type LoadResult } from '../config/load.js';

export interface ConfigIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export const DEFAULT_CONFIG_FILE = 'config/autofix.yml';

const HELP: Record<string, string> = {
  config: `Usage: autofix config <command> [options]

Commands:
  check [FILE]   Validate a config file (default: ${DEFAULT_CONFIG_FILE}); a legacy
                 workflow-auto-fix-config.yml is accepted too
  print [FILE]   Print the effective configuration as YAML, defaults filled in
  schema         Print the JSON Schema of the config file

Run 'autofix config <command> --help' for details.`,
  check: `Usage: autofix config check [FILE]

Validates FILE (default: ${DEFAULT_CONFIG_FILE} when it exists, else the defaults).
Prints "FILE: OK" and any warnings, or one line per problem naming the key,
the value found and what was expected.
Exit codes: 0 valid, 1 invalid, 2 unreadable file or bad arguments.`,
  print: `Usage: autofix config print [FILE]

Prints the configuration the bot would use, as YAML: FILE (default:
${DEFAULT_CONFIG_FILE} when it exists) with every default filled in. A legacy seed file
comes out in the current format, so the output can replace it.
Exit codes: 0 printed, 1 invalid, 2 unreadable file or bad arguments.`,
  schema: `Usage: autofix config schema

Prints the JSON Schema (draft 2020-12) of the config file, for editors and CI checks.`,
};

/** `args` are the words after `config`: ['check', 'path.yml'], ['--help']... Returns the exit code. */
export async function configCommand(args: string[], io: ConfigIo): Promise<number> {
  const [command, ...rest] = args;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    // `autofix config` alone is a usage mistake: help goes to stderr with a failing code.
    (command === undefined ? io.stderr : io.stdout)(HELP.config! + '\n');
    return command === undefined ? 2 : 0;
  }
  if (!Object.hasOwn(HELP, command) || command === 'config') {
    io.stderr(`autofix config: unknown command '${command}'\n\n${HELP.config}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(HELP[command]! + '\n');
    return 0;
  }
  const maxArgs = command === 'schema' ? 0 : 1;
  const unexpected = rest.find((a) => a.startsWith('-')) ?? rest[maxArgs];
  if (unexpected !== undefined) {
    io.stderr(`autofix config ${command}: unexpected argument '${unexpected}'\n\n${HELP[command]}\n`);
    return 2;
  }
  if (command === 'schema') {
    io.stdout(configJsonSchemaText());
    return 0;
  }

  const file = rest[0] ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  let result: LoadResult;
  try {
    result = await loadConfigWithWarnings(file);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    io.stderr(e.message + '\n');
    return e.code === 'config_unreadable' ? 2 : 1;
  }
  for (const w of result.warnings) io.stderr(`warning: ${w}\n`);
  if (command === 'check') {
    io.stdout(file ? `${file}: OK\n` : `no ${DEFAULT_CONFIG_FILE}; the defaults apply: OK\n`);
  } else {
    io.stdout(`# Effective configuration (${file ?? 'defaults'})\n` + dump(result.config, { lineWidth: -1 }));
  }
  return 0;
}
