// The part of an issue body that the bot rewrites when the same failure comes back: how often,
// when last, and the latest run. Kept between markers so the rest of the body (and any edits a
// person made above it) stays untouched.
const START = '<!-- autofix:occurrences -->';
const END = '<!-- /autofix:occurrences -->';

export interface OccurrenceInfo {
  count: number;
  firstSeen: string;
  lastSeen: string;
  lastRunUrl: string | null;
}

function block(o: OccurrenceInfo): string {
  const run = o.lastRunUrl ? `[latest run](${o.lastRunUrl})` : 'latest run';
  return `${START}\n**Occurrences:** ${o.count} · first seen ${o.firstSeen} · last seen ${o.lastSeen} · ${run}\n${END}`;
}

export function withOccurrences(body: string, o: OccurrenceInfo): string {
  const start = body.indexOf(START);
  const end = body.indexOf(END);
  if (start !== -1 && end > start) return body.slice(0, start) + block(o) + body.slice(end + END.length);
  // Before the hidden fingerprint marker, which stays last.
  const marker = body.lastIndexOf('<!-- autofix:fingerprint=');
  if (marker === -1) return `${body}\n\n${block(o)}`;
  return `${body.slice(0, marker)}${block(o)}\n\n${body.slice(marker)}`;
}
