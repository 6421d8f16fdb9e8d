// Text-level editing of a parsed YAML file. `yaml` can re-serialize a Document, but that re-flows
// long lines, re-indents sequences and may re-quote scalars, so untouched lines would change. We
// use the Document only to *locate* nodes (their source ranges) and splice small pieces of text
// into the original; a re-parse then checks that the splice meant exactly what we intended.
import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar, parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';

export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** Applies non-overlapping edits; from the end backwards so earlier offsets stay valid. */
export function applyEdits(src: string, edits: TextEdit[]): string {
  let out = src;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) {
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
  }
  return out;
}

export function lineStart(src: string, off: number): number {
  return off <= 0 ? 0 : src.lastIndexOf('\n', off - 1) + 1;
}

export function column(src: string, off: number): number {
  return off - lineStart(src, off);
}

function nextLineStart(src: string, off: number): number {
  const i = src.indexOf('\n', off);
  return i === -1 ? src.length : i + 1;
}

export function rangeOf(node: Node | null | undefined): [number, number, number] | null {
  const r = node?.range;
  return r ? [r[0], r[1], r[2]] : null;
}

/** Start of the line following a pair (where a sibling key can be inserted). */
export function afterPair(src: string, pair: Pair): number | null {
  const r = rangeOf((pair.value ?? pair.key) as Node | null);
  if (!r) return null;
  // Block scalars and block collections end after their last newline; flow values end mid-line
  // (a trailing `# comment` may follow), so go to the end of that line.
  return r[1] > 0 && src[r[1] - 1] === '\n' ? r[1] : nextLineStart(src, r[1]);
}

/** Start of the line holding `off`, moved above the comment lines directly over it (they belong to it). */
export function aboveComments(src: string, off: number): number {
  let start = lineStart(src, off);
  while (start > 0) {
    const prev = lineStart(src, start - 1);
    if (!src.slice(prev, start).trim().startsWith('#')) break;
    start = prev;
  }
  return start;
}

/** An insertion of whole lines at a line start (adds the missing final newline at end of file). */
export function insertLines(src: string, at: number, lines: string[], eol: string): TextEdit {
  const body = lines.map((l) => l + eol).join('');
  const needsBreak = at === src.length && src.length > 0 && !src.endsWith('\n');
  return { start: at, end: at, text: needsBreak ? eol + body : body };
}

export function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
}

/** A block (not flow) mapping, or null: flow maps `{a: 1}` are left alone. */
export function blockMap(node: unknown): YAMLMap | null {
  return isMap(node) && !node.flow && node.items.length > 0 ? node : null;
}

export function scalarText(node: unknown): string | null {
  if (!isScalar(node)) return null;
  return typeof node.value === 'string' || typeof node.value === 'number' ? String(node.value) : null;
}

/** Replace a single-line scalar's text, keeping its quote style ('15' stays quoted). */
export function replaceScalar(src: string, node: Node, value: string): TextEdit | null {
  const r = rangeOf(node);
  if (!r) return null;
  const old = src.slice(r[0], r[1]);
  if (old.includes('\n')) return null;
  const q = old[0] === "'" || old[0] === '"' ? old[0] : '';
  return { start: r[0], end: r[1], text: q + value + q };
}

/** Column of the keys of a block map (its first key). */
export function keyColumn(src: string, map: YAMLMap): number | null {
  const r = rangeOf(map.items[0]?.key as Node | undefined);
  return r ? column(src, r[0]) : null;
}

/**
 * Re-parses the edited text and checks it equals the original data with exactly `mutate` applied
 * to the target job and nothing else: the safety net against a splice that changed more than meant.
 */
export function verify(before: Document, afterText: string, jobKey: string, mutate: (job: Record<string, unknown>) => void): boolean {
  const after = parseDocument(afterText);
  if (after.errors.length > 0) return false;
  const expected = structuredClone(before.toJS()) as { jobs: Record<string, Record<string, unknown>> };
  const job = expected.jobs[jobKey];
  if (!job) return false;
  mutate(job);
  return isDeepStrictEqual(expected, after.toJS());
}

/** Line-level change between two texts (one contiguous region: our edits touch one place). */
export function changedLines(before: string, after: string): { line: number; removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  let s = 0;
  while (s < a.length - p && s < b.length - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
  return { line: p + 1, removed: a.slice(p, a.length - s), added: b.slice(p, b.length - s) };
}
