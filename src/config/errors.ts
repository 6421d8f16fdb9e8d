// Config errors written for the person editing the file: each problem is one line naming the
// file, the key path, the value found and what was expected, because "invalid input" with no
// place to look is how a bad config ends up deleted instead of fixed.
import type { z } from 'zod';
import { configJsonSchema, knownKeys, schemaAt, type JsonSchemaNode } from './json-schema.js';

export type ConfigErrorCode = 'config_invalid' | 'config_unreadable' | 'config_yaml';

export interface ConfigIssue {
  /** Dotted key path, list items as [n]: `rules[2].pattern`. Empty for the whole file. */
  path: string;
  /** Everything after the key path: `found "ten" (string), expected an integer ≥ 0`. */
  message: string;
  found?: unknown;
  expected?: string;
  /** 1-based position, for YAML syntax errors. */
  line?: number;
  column?: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly code: ConfigErrorCode,
    readonly file: string,
    readonly issues: ConfigIssue[],
  ) {
    super(issues.map((i) => issueLine(file, i)).join('\n'));
  }
}

/** `file:line:col: message`, `file: path: message` or `file: message`. */
export function issueLine(file: string, issue: ConfigIssue): string {
  if (issue.line !== undefined) return `${file}:${issue.line}:${issue.column ?? 1}: ${issue.message}`;
  return issue.path ? `${file}: ${issue.path}: ${issue.message}` : `${file}: ${issue.message}`;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : `${out ? '.' : ''}${String(seg)}`;
  return out;
}

/** How a value reads in a message: strings quoted, with their YAML type. */
export function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return `${JSON.stringify(shown)} (string)`;
  }
  return `${String(value)} (${typeof value})`;
}

/** A problem with a value: "missing, expected X" or "found V (type), expected X". */
export function valueIssue(path: string, found: unknown, expected: string): ConfigIssue {
  const head = found === undefined ? 'missing' : `found ${describeFound(found)}`;
  return { path, found, expected, message: `${head}, expected ${expected}${yaml11Hint(found, expected)}` };
}

/** What a schema node accepts, in words: "an integer from 0 to 100". */
export function describeExpected(node: JsonSchemaNode | undefined, atRoot = false): string | undefined {
  if (!node) return undefined;
  if (node.enum) return `one of ${node.enum.map(String).join(', ')}`;
  switch (node.type) {
    case 'boolean':
      return 'true or false';
    case 'integer':
    case 'number': {
      const noun = node.type === 'integer' ? 'an integer' : 'a number';
      const max = node.maximum !== undefined && node.maximum < Number.MAX_SAFE_INTEGER ? node.maximum : undefined;
      if (node.minimum !== undefined && max !== undefined) return `${noun} from ${node.minimum} to ${max}`;
      if (node.minimum !== undefined) return `${noun} ≥ ${node.minimum}`;
      return max !== undefined ? `${noun} ≤ ${max}` : noun;
    }
    case 'string':
      if (node.pattern) return `a string matching /${node.pattern}/`;
      return node.minLength ? 'a non-empty string' : 'a string';
    case 'array': {
      const item = node.items?.type === 'object' ? 'mappings' : node.items?.minLength ? 'non-empty strings' : 'items';
      return `a list of ${item}`;
    }
    case 'object':
      return atRoot ? 'a mapping of settings (key: value lines)' : 'a mapping (key: value)';
    default:
      return undefined;
  }
}

/** Turns zod's issues into ConfigIssues, reading found values from the parsed YAML `input`. */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], input: unknown): ConfigIssue[] {
  const root = configJsonSchema();
  // One entry per unknown key (zod groups them per mapping), each with its full path.
  type Entry = { issue: z.core.$ZodIssue; path: PropertyKey[]; unknown: boolean };
  const flat = issues.flatMap((issue): Entry[] =>
    issue.code === 'unrecognized_keys' ? issue.keys.map((k) => ({ issue, path: [...issue.path, k], unknown: true })) : [{ issue, path: issue.path, unknown: false }],
  );
  return sortBySource(flat, input).map(({ issue, path, unknown }) => {
    const found = valueAt(input, path);
    if (unknown) return unknownKeyIssue(root, path.slice(0, -1), String(path[path.length - 1]), found);
    // Our own refinements (schema.ts checkRules) put the expectation in the message.
    const expected = issue.code === 'custom' ? issue.message : describeExpected(schemaAt(root, path), path.length === 0);
    return valueIssue(formatPath(path), found, expected ?? issue.message);
  });
}

function unknownKeyIssue(root: JsonSchemaNode, parent: readonly PropertyKey[], key: string, found: unknown): ConfigIssue {
  const path = formatPath([...parent, key]);
  const siblings = knownKeys(schemaAt(root, parent));
  const near = closest(key, siblings);
  // No typo of a sibling: maybe a known key at the wrong level (`max_prs_per_hour` at the top).
  const elsewhere = near ? undefined : allKeyPaths(root).find((p) => p === key || p.endsWith(`.${key}`));
  let hint: string;
  if (near) hint = `did you mean \`${near}\`?`;
  else if (elsewhere) hint = `did you mean \`${elsewhere}\`?`;
  else if (siblings.length > 0 && siblings.length <= 13) hint = `known keys here: ${siblings.join(', ')}`;
  else hint = 'see docs/config.md for the known keys';
  return { path, found, message: `unknown key, ${hint}` };
}

/** The known key nearest to `word` by edit distance, if near enough to be a typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDist = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDist) [best, bestDist] = [c, d];
  }
  return best !== undefined && bestDist <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** Dotted paths of every key inside nested mappings (not inside lists or per-category maps). */
function allKeyPaths(node: JsonSchemaNode, prefix = ''): string[] {
  return Object.entries(node.properties ?? {}).flatMap(([k, child]) => [`${prefix}${k}`, ...allKeyPaths(child, `${prefix}${k}.`)]);
}

/**
 * zod reports in schema order, unknown keys last; people read top to bottom. Keys of a parsed
 * YAML mapping keep their order in the file, so a key's index among its siblings is its place.
 */
function sortBySource<T extends { path: readonly PropertyKey[] }>(items: T[], input: unknown): T[] {
  const place = (path: readonly PropertyKey[]): number[] =>
    path.map((seg, i) => {
      const parent = valueAt(input, path.slice(0, i));
      if (typeof seg === 'number' || parent === null || typeof parent !== 'object') return Number(seg) || 0;
      return Object.keys(parent).indexOf(String(seg));
    });
  const compare = (a: number[], b: number[]): number => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return a.length - b.length;
  };
  return items.map((item) => ({ item, at: place(item.path) })).sort((x, y) => compare(x.at, y.at)).map((x) => x.item);
}

export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}

/** YAML 1.2 reads yes/no/on/off as text, unlike the YAML 1.1 many people learned. */
function yaml11Hint(found: unknown, expected: string): string {
  const yaml11 = typeof found === 'string' && /^(y|n|yes|no|on|off)$/i.test(found);
  return yaml11 && expected === 'true or false' ? ' (YAML 1.2 reads yes/no/on/off as text)' : '';
}
