// The human-readable form of an Analysis printed by `autofix analyze` without --json.
import type { Analysis } from '../analysis/index.js';

export function formatAnalysis(path: string, a: Analysis): string {
  const captured = Object.entries(a.captured_values).filter(([, v]) => v).map(([k, v]) => `${k}=${v}`).join(', ');
  const rows: [string, string][] = [
    ['job', a.job ?? '-'],
    ['step', a.step ?? '-'],
    ['category', `${a.category} (${a.error_type}), confidence ${a.fix_confidence}%`],
    ['root cause', a.root_cause ? `${a.root_cause}${a.root_line ? `  (line ${a.root_line})` : ''}` : '(no line states the cause)'],
    ['exit code', a.exit_code === null ? '-' : String(a.exit_code)],
    ['captured', captured || '-'],
    ['fix', a.fix_type],
    ['fingerprint', a.fingerprint],
  ];
  const out = [path, ...rows.map(([k, v]) => `  ${(k + ':').padEnd(13)}${v}`)];
  if (a.affected_files.length > 0) out.push(`  files:       ${a.affected_files.map((f) => (f.line ? `${f.path}:${f.line}` : f.path)).join(', ')}`);
  out.push('  what to do:');
  for (const r of a.recommendations) out.push(`    - ${r}`);
  for (const n of a.notes) out.push(`  note: ${n}`);
  return out.join('\n');
}
