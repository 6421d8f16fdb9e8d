// Masks secrets before anything leaves the engine. Applied to every string of an Analysis, so a
// token printed by a failing tool never reaches an issue, a PR, Slack or the bot's own logs.

const MASK = '[REDACTED]';

// A key block is masked line by line, so a text keeps its number of lines.
const KEY_BLOCK = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g;

const PATTERNS: [RegExp, string][] = [
  [/\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}\b/g, MASK],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}\b/g, MASK],
  [/\bxox[a-z]-[A-Za-z0-9-]{8,}/g, MASK],
  [/\bxapp-\d-[A-Za-z0-9-]{8,}/g, MASK],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, MASK],
  [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, MASK],
  [/\bnpm_[A-Za-z0-9]{36}\b/g, MASK],
  [/\b(Authorization|Proxy-Authorization)(["']?\s*[:=]\s*["']?)(?:(Bearer|token|Basic|Digest)\s+)?[^\s"',]+/gi, `$1$2$3 ${MASK}`],
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/:@'"]+:[^\s/@'"]+@/gi, `$1${MASK}@`],
  [/(\b[a-z][a-z0-9+.-]*:\/\/)(?:x-access-token|oauth2|[a-z0-9_-]*token)@/gi, `$1${MASK}@`],
];

// NAME=value / NAME: value where NAME says it holds a secret. The name stays (it helps the
// reader), the value goes, unless it is already masked by GitHub (***) or is an expression.
const ASSIGNMENT = /\b([A-Za-z0-9_.-]*(?:TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CLIENT_?KEY|_KEY|CREDENTIALS?)[A-Za-z0-9_]*)(\s*[:=]\s*)(["']?)([^\s"',;]{4,})\3/gi;

export function redact(text: string): string {
  let out = text.replace(KEY_BLOCK, (block) => block.split('\n').map(() => MASK).join('\n'));
  for (const [re, rep] of PATTERNS) out = out.replace(re, rep);
  out = out.replace(ASSIGNMENT, (all, name: string, sep: string, q: string, value: string) => {
    if (value === MASK || /^\*+$/.test(value) || value.startsWith('${') || value.startsWith('$(') || /^(?:true|false|null|none|required|optional)$/i.test(value)) return all;
    // `NAME: word` is often prose ("DEPLOY_TOKEN: must be set"): a value after a colon is masked
    // only when it looks like a credential (a digit or a symbol, or long), not a plain word or a name.
    if (sep.trim() === ':' && !q && /^[A-Za-z_]{1,19}$/.test(value)) return all;
    return `${name}${sep}${q}${MASK}${q}`;
  });
  return out;
}

/**
 * Redacts every string inside a JSON-like value (a deep copy is returned). An array of lines
 * (log context) is redacted as one text, so a key block spread over several lines goes whole.
 */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((v) => typeof v === 'string' && !v.includes('\n'))) {
      return redact(value.join('\n')).split('\n') as T;
    }
    return value.map((v) => redactDeep(v)) as T;
  }
  // An Error's message and stack are not enumerable: copy them, or they would be lost.
  if (value instanceof Error) {
    const { name, message, stack } = value;
    return { ...redactDeep({ ...value }), type: name, message: redact(message), ...(stack ? { stack: redact(stack) } : {}) } as T;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v);
    return out as T;
  }
  return value;
}
