// The Octokit the bot uses everywhere: core + retry (5xx, with backoff) + throttling (primary and
// secondary rate limits, retried after the delay GitHub asks for). Composed by plugins, the
// Octokit way; the base URL points at GitHub, GitHub Enterprise, or the fake in src/dev.
import { Octokit } from '@octokit/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck';
import type { Logger } from '../log.js';

export interface OctokitOptions {
  baseUrl: string;
  logger: Logger;
  /** Tests shorten the waits; production keeps GitHub's. */
  retryAfterBaseValue?: number;
  /**
   * GitHub asks integrations to space writes (1 s, 3 s for ones that notify). Against the local
   * fake the spacing only slows tests down; the rate-limit retries stay on either way.
   */
  spaceWrites?: boolean;
}

function unspacedGroups() {
  const group = (id: string) => new Bottleneck.Group({ id, maxConcurrent: 10, minTime: 0 });
  return { global: group('global'), auth: group('auth'), search: group('search'), write: group('write'), notifications: group('notifications') };
}

export function botOctokit({ baseUrl, logger, retryAfterBaseValue, spaceWrites = true }: OctokitOptions): typeof Octokit {
  const Bot = Octokit.plugin(retry, throttling);
  return Bot.defaults({
    baseUrl,
    userAgent: 'autofix-bot',
    log: { debug: () => {}, info: () => {}, warn: (m: string) => logger.warn(m), error: (m: string) => logger.error(m) },
    retry: { doNotRetry: [400, 401, 404, 409, 410, 422, 451], retries: 3, ...(retryAfterBaseValue ? { retryAfterBaseValue } : {}) },
    throttle: {
      ...(retryAfterBaseValue ? { retryAfterBaseValue } : {}),
      ...(spaceWrites ? {} : unspacedGroups()),
      onRateLimit: (after: number, options: { method: string; url: string }, _o: unknown, count: number) => {
        logger.warn({ after, url: options.url, count }, 'primary rate limit hit');
        return count < 3;
      },
      onSecondaryRateLimit: (after: number, options: { method: string; url: string }, _o: unknown, count: number) => {
        logger.warn({ after, url: options.url, count }, 'secondary rate limit hit');
        return count < 3;
      },
    },
  }) as unknown as typeof Octokit;
}
