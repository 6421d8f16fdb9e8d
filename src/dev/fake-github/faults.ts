// Injected failures, so tests can prove the client retries, backs off on rate limits and does not
// create duplicates when GitHub fails after doing the work.
import { DOCS, type Reply } from './http.js';

export interface FaultSpec {
  /** `'POST /repos/{owner}/{repo}/issues'` (OpenAPI template), or an operationId like `'issues/create'`. */
  route: string;
  /** Optional when `route` already starts with the method. */
  method?: string;
  status: number;
  /** How many matching requests fail (default 1). */
  times?: number;
  headers?: Record<string, string>;
  message?: string;
  /**
   * Run the handler first, then answer the error: GitHub sometimes commits a write and still
   * answers 502, which is exactly where naive retries create duplicates.
   */
  afterHandler?: boolean;
}

interface ActiveFault extends FaultSpec {
  remaining: number;
  method: string;
  path?: string;
  operationId?: string;
}

export class Faults {
  private readonly active: ActiveFault[] = [];

  add(spec: FaultSpec): void {
    const m = /^([A-Za-z]+)\s+(\S+)$/.exec(spec.route.trim());
    const method = (m?.[1] ?? spec.method ?? '*').toUpperCase();
    const target = m?.[2] ?? spec.route.trim();
    this.active.push({
      ...spec,
      method,
      remaining: spec.times ?? 1,
      ...(target.startsWith('/') ? { path: target } : { operationId: target }),
    });
  }

  /** Consumes one matching fault, if any. */
  take(method: string, template: string, operationId: string): ActiveFault | undefined {
    const f = this.active.find(
      (a) =>
        a.remaining > 0 &&
        (a.method === '*' || a.method === method.toUpperCase()) &&
        (a.path ? a.path === template : a.operationId === operationId),
    );
    if (f) f.remaining--;
    return f;
  }

  pending(): number {
    return this.active.reduce((n, f) => n + f.remaining, 0);
  }

  clear(): void {
    this.active.length = 0;
  }
}

export function faultReply(f: FaultSpec): Reply {
  const headers = { ...f.headers };
  if (f.status === 502 || f.status === 504) {
    // GitHub's gateway errors are HTML pages, not JSON; clients must not choke on them.
    return { status: f.status, text: '<html><body><h1>Unicorn! · GitHub</h1></body></html>', headers: { 'content-type': 'text/html; charset=utf-8', ...headers } };
  }
  const secondary = (f.status === 403 || f.status === 429) && headers['retry-after'] !== undefined;
  const message =
    f.message ??
    (secondary
      ? 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.'
      : f.status === 403 && headers['x-ratelimit-remaining'] === '0'
        ? 'API rate limit exceeded for installation.'
        : f.status >= 500
          ? 'Server Error'
          : 'Forbidden');
  return { status: f.status, body: { message, documentation_url: DOCS, status: String(f.status) }, headers };
}
