// `autofix serve`: the GitHub App server. Settings come from the environment; every missing one
// is listed at once, so a deploy fails with the whole list instead of one variable at a time.
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigWithWarnings } from '../config/load.js';
import { rulesFromConfig } from '../config/rules.js';
import { createLogger } from '../log.js';
import { startServer } from '../server.js';
import { openLowdbStore } from '../store/lowdb.js';
import type { Io } from './io.js';

export const SERVE_HELP = `Usage: autofix serve [--config FILE]

Runs the GitHub App webhook server (POST /api/github/webhooks, GET /healthz).

Environment:
  GITHUB_APP_ID              the App's id (required)
  GITHUB_PRIVATE_KEY         the App's private key, PEM (or GITHUB_PRIVATE_KEY_PATH: a file holding it)
  GITHUB_WEBHOOK_SECRET      the webhook secret set on the App (required)
  GITHUB_API_URL             API base URL (default https://api.github.com; GitHub Enterprise: https://HOST/api/v3)
  PORT                       listen port (default 3000)
  AUTOFIX_STORE              state file (default .data/autofix.json)
  AUTOFIX_CONFIG             config file (default config/autofix.yml when present)
  COPILOT_USER_TOKEN         a user token, needed by copilot.mode: assign
  LOG_LEVEL                  pino level (default info)`;

export interface ServeEnv {
  [key: string]: string | undefined;
}

export async function readServeSettings(env: ServeEnv) {
  const missing: string[] = [];
  const need = (name: string) => {
    const v = env[name]?.trim();
    if (!v) missing.push(name);
    return v ?? '';
  };
  const appId = need('GITHUB_APP_ID');
  let privateKey = env.GITHUB_PRIVATE_KEY?.replace(/\\n/g, '\n') ?? '';
  if (!privateKey && env.GITHUB_PRIVATE_KEY_PATH) {
    try {
      privateKey = await readFile(env.GITHUB_PRIVATE_KEY_PATH, 'utf8');
    } catch (err) {
      return { error: `GITHUB_PRIVATE_KEY_PATH: cannot read ${env.GITHUB_PRIVATE_KEY_PATH} (${(err as NodeJS.ErrnoException).code})` };
    }
  }
  if (!privateKey) missing.push('GITHUB_PRIVATE_KEY (or GITHUB_PRIVATE_KEY_PATH)');
  const webhookSecret = need('GITHUB_WEBHOOK_SECRET');
  if (missing.length > 0) return { error: `missing environment variables:\n${missing.map((m) => `  ${m}`).join('\n')}` };
  // Caught here, not at the first webhook, where it would only show up in the worker's log.
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(privateKey)) {
    return { error: 'GITHUB_PRIVATE_KEY: expected the App\'s PEM private key (-----BEGIN RSA PRIVATE KEY----- …), as downloaded from the App settings' };
  }
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return { error: `PORT: expected a port number, found "${env.PORT}"` };
  return {
    settings: {
      appId, privateKey, webhookSecret, port,
      apiUrl: env.GITHUB_API_URL?.trim() || 'https://api.github.com',
      copilotUserToken: env.COPILOT_USER_TOKEN?.trim() || null,
    },
    storeFile: env.AUTOFIX_STORE?.trim() || '.data/autofix.json',
  };
}

export async function serveCommand(args: string[], io: Io, env: ServeEnv = process.env): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, options: { config: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (err) {
    io.stderr(`autofix serve: ${(err as Error).message}\n${SERVE_HELP}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(SERVE_HELP + '\n');
    return 0;
  }
  const read = await readServeSettings(env);
  if ('error' in read) {
    io.stderr(`autofix serve: ${read.error}\n`);
    return 2;
  }
  const cfgFile = values.config ?? env.AUTOFIX_CONFIG ?? (io.exists('config/autofix.yml') ? 'config/autofix.yml' : undefined);
  const { config, warnings } = await loadConfigWithWarnings(cfgFile);
  const logger = createLogger();
  for (const w of warnings) logger.warn(w);
  await mkdir(dirname(read.storeFile), { recursive: true });
  const store = await openLowdbStore({ file: read.storeFile, logger });
  const running = await startServer(read.settings, { config, rules: rulesFromConfig(config), store, logger });
  const stop = async () => {
    logger.info('shutting down');
    await running.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  await new Promise(() => {}); // serve until a signal
  return 0;
}
