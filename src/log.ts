// The bot's own log: pino, JSON lines. Every message and field passes through the engine's
// redaction, so a token that reaches a log call (an error message quoting a URL with
// credentials, a header) is masked before it is written.
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { redact, redactDeep } from './analysis/redact.js';

export type Logger = Pick<PinoLogger, 'info' | 'warn' | 'error' | 'debug' | 'child'>;

export function createLogger(opts: { level?: string; destination?: DestinationStream } = {}): PinoLogger {
  return pino(
    {
      level: opts.level ?? process.env.LOG_LEVEL ?? 'info',
      base: { name: 'autofix-bot' },
      redact: { paths: ['*.token', '*.privateKey', '*.secret', '*.authorization', 'headers.authorization', 'req.headers.authorization'], censor: '[REDACTED]' },
      formatters: { log: (obj) => redactDeep(obj) },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? redact(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    opts.destination,
  );
}

/** For tests and the CLI: a logger that writes nothing. */
export const silentLogger: PinoLogger = pino({ level: 'silent' });
