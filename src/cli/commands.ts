// The `autofix` command: one file per subcommand, this one only dispatches.
import { processIo, type Io } from './io.js';

const HELP = `Usage: autofix <command> [options]

Commands:
  analyze PATH...      diagnose failed GitHub Actions job logs (--json for JSON Lines)
  propose              turn an analysis into an issue/PR proposal (--analysis FILE [--workflow FILE])
  workflows [FORMAT]   list workflow names from .github/workflows (count | yaml | json)
  config <command>     check | print | schema: validate and explain config/autofix.yml
  serve                run the GitHub App (and Slack) HTTP server

Run 'autofix <command> --help' for a command's options.`;

type Command = (args: string[], io: Io) => Promise<number>;

// Each command is loaded only when run: `analyze` on a large log should not pay for the server.
const COMMANDS: Record<string, () => Promise<Command>> = {
  analyze: async () => (await import('./analyze.js')).analyzeCommand,
  propose: async () => (await import('./propose.js')).proposeCommand,
  workflows: async () => (await import('./workflows.js')).workflowsCommand,
  config: async () => (await import('./config.js')).configCommand,
  serve: async () => (await import('./serve.js')).serveCommand,
};

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? io.stdout : io.stderr)(HELP + '\n');
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr(`autofix: unknown command "${name}"\n${HELP}\n`);
    return 2;
  }
  return (await load())(rest, io);
}
