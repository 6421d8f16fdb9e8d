import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';

describe("the bot's own log", () => {
  it('masks tokens in messages, fields and errors', () => {
    let out = '';
    const sink = new Writable({ write(chunk, _enc, done) { out += String(chunk); done(); } });
    const logger = createLogger({ level: 'info', destination: sink });
    const token = 'ghs_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
    logger.info(`cloning https://x-access-token:${token}@github.com/o/r.git`);
    logger.warn({ url: `https://x-access-token:${token}@github.com/o/r.git`, headers: { authorization: `token ${token}` } }, 'request failed');
    logger.error({ err: new Error(`Bad credentials for ${token}`) }, 'boom');
    expect(out).not.toContain(token);
    expect(out.match(/\[REDACTED\]/g)?.length).toBeGreaterThanOrEqual(4);
  });
});
