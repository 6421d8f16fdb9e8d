// The engine against the labeled fixtures: real outputs of real tools in the job-log layout.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzePath } from '../../src/cli/analyze.js';
import { CATEGORIES, type Analysis } from '../../src/analysis/types.js';

interface Label {
  category: string;
  root: string;
  captured?: Record<string, string>;
  trap?: string;
}

const base = join(import.meta.dirname, '../../fixtures/logs');
const cases = readdirSync(base).filter((d) => existsSync(join(base, d, 'label.json'))).sort();
const labels = new Map(cases.map((c) => [c, JSON.parse(readFileSync(join(base, c, 'label.json'), 'utf8')) as Label]));
const results = new Map<string, Analysis>();

async function analysis(c: string): Promise<Analysis> {
  let a = results.get(c);
  if (!a) results.set(c, (a = await analyzePath(join(base, c), { json: true, rules: [] })));
  return a;
}

describe('fixtures', () => {
  it('meet the accuracy targets: category ≥ 95%, root line ≥ 90%', async () => {
    let cat = 0;
    let root = 0;
    const misses: string[] = [];
    for (const c of cases) {
      const a = await analysis(c);
      const l = labels.get(c)!;
      if (a.category === l.category) cat++;
      else misses.push(`${c}: category ${a.category}, want ${l.category}`);
      if (a.root_cause.includes(l.root)) root++;
      else misses.push(`${c}: root "${a.root_cause}", want "${l.root}"`);
    }
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect({ category: cat / cases.length >= 0.95, root: root / cases.length >= 0.9, misses }).toMatchObject({ category: true, root: true });
  });

  it.each(CATEGORIES.filter((c) => c !== 'unknown'))('cover %s and get it right', async (category) => {
    const mine = cases.filter((c) => labels.get(c)!.category === category);
    expect(mine.length).toBeGreaterThan(0);
    const right = [];
    for (const c of mine) if ((await analysis(c)).category === category) right.push(c);
    expect(right.length / mine.length).toBeGreaterThanOrEqual(0.75);
  });

  it.each(cases.filter((c) => labels.get(c)!.trap))('sees through the trap in %s', async (c) => {
    const a = await analysis(c);
    const l = labels.get(c)!;
    expect(a.category).toBe(l.category);
    expect(a.root_cause).toContain(l.root);
  });

  it('captures the labeled values (package, module, variable, host, file) in ≥ 85% of cases', async () => {
    let n = 0;
    let ok = 0;
    const misses: string[] = [];
    for (const c of cases) {
      const a = await analysis(c);
      for (const [k, v] of Object.entries(labels.get(c)!.captured ?? {})) {
        n++;
        if (a.captured_values[k] === v) ok++;
        else misses.push(`${c}: ${k}=${a.captured_values[k]} want ${v}`);
      }
    }
    expect(n).toBeGreaterThan(30);
    expect({ ratio: ok / n >= 0.85, misses }).toMatchObject({ ratio: true });
  });
});
