// Line cleaning shared by the reader, the baseline and the fingerprint. Hot path: called once per
// log line, so it avoids regexes where a character test will do.

const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

/** Removes the `2024-01-01T00:00:00.0000000Z ` prefix GitHub puts on every job-log line. */
export function stripTimestamp(line: string): string {
  let s = line;
  if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  if (s.length >= 20 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && s.charCodeAt(10) === 84) {
    const z = s.indexOf('Z', 19);
    if (z > 0 && z < 36) return s.charCodeAt(z + 1) === 32 ? s.slice(z + 2) : s.slice(z + 1);
  }
  return s;
}

export function stripAnsi(line: string): string {
  return line.indexOf('\x1b') === -1 ? line : line.replace(ANSI, '');
}

export function cleanLine(raw: string): string {
  let s = stripTimestamp(raw);
  if (s.endsWith('\r')) s = s.slice(0, -1);
  // Progress output rewrites a line with CR; what a reader sees is the last rewrite.
  const cr = s.lastIndexOf('\r');
  if (cr !== -1) s = s.slice(cr + 1);
  return stripAnsi(s);
}

/**
 * A form of a line that is the same across runs of the same failure: numbers, hashes, durations,
 * timestamps, temporary paths and ids normalized away. Used by the baseline and the fingerprint.
 */
export function normalizeLine(line: string): string {
  return line
    .replace(/^##\[(?:error|warning|notice)\]/, '')
    .replace(/\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?Z?/g, '<ts>')
    .replace(/\b\d\d:\d\d:\d\d(?:[.,]\d+)?\b/g, '<ts>')
    .replace(/(?:\/tmp|\/var\/folders|C:\\Users\\[^\\]+\\AppData\\Local\\Temp)[^\s'":]*/gi, '<tmp>')
    .replace(/\/home\/runner\/work\/[^/\s]+\/[^/\s]+/g, '<ws>')
    .replace(/\b[0-9a-f]{7,64}\b/gi, '<hex>')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>')
    .replace(/\d+(?:\.\d+)?\s?(?:ms|s|sec|seconds|m|min|minutes|h|kB|KB|MB|GB|KiB|MiB|GiB|B|%)\b/g, '<n>')
    .replace(/\d+/g, '<n>')
    .replace(/\s+/g, ' ')
    .trim();
}

/** True for bytes that make a line binary garbage rather than text (NUL and most C0 controls). */
export function looksBinary(sample: string): boolean {
  if (sample.length === 0) return false;
  let bad = 0;
  const n = Math.min(sample.length, 8192);
  for (let i = 0; i < n; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0 || (c < 9) || (c > 13 && c < 32 && c !== 27) || c === 0xfffd) bad++;
  }
  return bad / n > 0.1;
}
