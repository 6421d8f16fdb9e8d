// Last-line defence before text leaves for GitHub: the engine redacts already, but an issue body
// is public and permanent, so anything that still looks like a credential is masked here too.
// (The engine's redaction module may replace this; keep it pure and dependency-free.)

export const REDACTED = '[REDACTED]';

const PATTERNS: RegExp[] = [
  // A private key block, to its END line or, when cut off, to the end of the text.
  /-----BEGIN[A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END[A-Z0-9 ]*PRIVATE KEY-----|$)/g,
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g, // GitHub classic, OAuth, user-to-server, server-to-server, refresh tokens
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g, // fine-grained PATs
  /\bxox[a-z]-[A-Za-z0-9-]{10,}/g, // Slack bot/app/user tokens
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, // AWS access key ids
  /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, // JWTs
];

export function scrub(text: string): string {
  let out = text;
  for (const re of PATTERNS) out = out.replace(re, REDACTED);
  return out;
}

/**
 * Scrubs every string inside plain data. Arrays of strings are scrubbed as one text so a key
 * block spread over several lines (context lines) is caught whole.
 */
export function scrubDeep<T>(value: T): T {
  if (typeof value === 'string') return scrub(value) as T;
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((v) => typeof v === 'string' && !v.includes('\n'))) {
      return scrub(value.join('\n')).split('\n') as T;
    }
    return value.map((v) => scrubDeep(v)) as T;
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v)])) as T;
  }
  return value;
}
