import picomatch from 'picomatch';
import type { Config } from '../config/schema.js';

const cache = new Map<string, (s: string) => boolean>();

function matcher(glob: string): (s: string) => boolean {
  let m = cache.get(glob);
  if (!m) cache.set(glob, (m = picomatch(glob, { nocase: true, dot: true, bash: true })));
  return m;
}

export function matchesAny(value: string, globs: readonly string[]): boolean {
  return globs.some((g) => matcher(g)(value));
}

/** Monitored and not excluded: excluded wins, so the bot's own workflows never loop. */
export function workflowSelected(name: string, config: Pick<Config, 'monitored_workflows' | 'excluded_workflows'>): boolean {
  return matchesAny(name, config.monitored_workflows) && !matchesAny(name, config.excluded_workflows);
}
