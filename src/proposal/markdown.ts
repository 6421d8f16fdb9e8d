// Markdown building blocks that stay correct whatever the log contains: fences longer than any
// backtick run inside, code spans that cannot be closed early, no accidental @-mentions, and
// bodies under GitHub's size limit.

/** GitHub rejects issue/PR bodies over 65536 characters; keep a margin. */
export const BODY_MAX = 60_000;

const longestRun = (text: string, ch: '`'): number => Math.max(0, ...(text.match(new RegExp(`${ch}+`, 'g')) ?? []).map((r) => r.length));

/** A fenced block whose fence is longer than any backtick run in `text` (a log may contain ```). */
export function fence(text: string, lang = 'text'): string {
  const f = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
  return `${f}${lang}\n${text.replace(/\n+$/, '')}\n${f}`;
}

/** An inline code span on one line; mentions and markup inside it are inert. */
export function code(text: string): string {
  const t = text.replace(/\s*\n\s*/g, ' ');
  const f = '`'.repeat(longestRun(t, '`') + 1);
  const pad = t.startsWith('`') || t.endsWith('`') ? ' ' : '';
  return `${f}${pad}${t}${pad}${f}`;
}

/** A table cell: a code span with `|` escaped (GFM splits cells on it even inside code). */
export function cell(text: string): string {
  return code(text.replace(/\|/g, '\\|'));
}

/** Cut to `max` characters, saying how much was left out. */
export function clip(text: string, max: number, what = 'characters'): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n… (${text.length - max} more ${what} not shown; see the job log)`;
}

/**
 * Free text (recommendations, notes) may carry `@user` or `@org/team` from a log; outside code
 * they would notify people, so they are put in code spans.
 */
export function noMentions(text: string): string {
  return text
    .split(/(`+[^`]*`+)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/(^|[^\w`])(@[A-Za-z0-9][\w-]*(?:\/[\w.-]+)?)/g, '$1`$2`')))
    .join('');
}

export function bullets(items: string[], max: number, itemMax = 500): string {
  const shown = items.slice(0, max).map((i) => `- ${noMentions(clip(i.replace(/\s*\n\s*/g, ' '), itemMax))}`);
  if (items.length > max) shown.push(`- … and ${items.length - max} more`);
  return shown.join('\n');
}

/** Closes a code fence left open (after a cut), so what follows is not swallowed into it. */
export function closeOpenFence(text: string): string {
  let open = 0;
  for (const line of text.split('\n')) {
    const run = /^(`{3,})(.*)$/.exec(line);
    if (!run?.[1]) continue;
    if (open === 0) open = run[1].length;
    else if (run[1].length >= open && (run[2] ?? '').trim() === '') open = 0;
  }
  return open ? `${text}\n${'`'.repeat(open)}` : text;
}

/** Body + hidden marker, cut to BODY_MAX with a note; the marker always survives at the end. */
export function capBody(body: string, marker: string): string {
  const room = BODY_MAX - marker.length - 2;
  if (body.length <= room) return `${body}\n\n${marker}`;
  const note = "\n\n… (cut to fit GitHub's body size limit; see the job log)";
  const cut = closeOpenFence(body.slice(0, room - note.length - 20));
  return `${cut}${note}\n\n${marker}`;
}
