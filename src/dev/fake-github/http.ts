// The contract between the server pipeline and the route handlers.
import type { Identity } from './auth.js';
import type { FakeState } from './state.js';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Raw text bodies (logs) bypass JSON encoding and response validation. */
  text?: string;
}

export interface HandlerContext {
  state: FakeState;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  /** Lower-cased request headers. */
  headers: Record<string, string>;
  identity: Identity;
  /** Base URL of the fake, used for every `url` field so clients that follow them stay here. */
  apiUrl: string;
  /** The request URL as received, used to build Link headers. */
  requestUrl: URL;
  /** Records a misuse GitHub would not reject (it would silently do the wrong thing). */
  violation: (reason: string) => void;
}

export type Handler = (ctx: HandlerContext) => Reply;

export const DOCS = 'https://docs.github.com/rest';

/** A GitHub-style error; thrown by handlers and turned into the JSON body GitHub sends. */
export class GitHubError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: Array<Record<string, unknown>>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  toBody(): Record<string, unknown> {
    const body: Record<string, unknown> = { message: this.message, documentation_url: DOCS, status: String(this.status) };
    if (this.errors) body.errors = this.errors;
    return body;
  }
}

export const notFound = (): GitHubError => new GitHubError(404, 'Not Found');

/** GitHub's "Validation Failed" shape: one `errors[]` entry per problem. */
export function validationFailed(error: Record<string, unknown>): GitHubError {
  return new GitHubError(422, 'Validation Failed', [error]);
}

export function body<T extends object>(ctx: HandlerContext): Partial<T> {
  return (ctx.body && typeof ctx.body === 'object' ? ctx.body : {}) as Partial<T>;
}

export function intParam(ctx: HandlerContext, name: string): number {
  const n = Number(ctx.params[name]);
  if (!Number.isInteger(n)) throw notFound();
  return n;
}

/**
 * Slices a list the way GitHub does (per_page default 30, max 100) and adds the Link header
 * Octokit's paginate() follows.
 */
export function paginate<T>(ctx: HandlerContext, items: T[]): { page: T[]; headers: Record<string, string> } {
  const perPage = Math.min(Math.max(Number(ctx.query.per_page ?? 30) || 30, 1), 100);
  const pageNo = Math.max(Number(ctx.query.page ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const page = items.slice((pageNo - 1) * perPage, pageNo * perPage);
  const link = (p: number, rel: string): string => {
    const u = new URL(ctx.requestUrl.pathname + ctx.requestUrl.search, ctx.apiUrl);
    u.searchParams.set('per_page', String(perPage));
    u.searchParams.set('page', String(p));
    return `<${u.toString()}>; rel="${rel}"`;
  };
  const rels: string[] = [];
  if (pageNo > 1) rels.push(link(pageNo - 1, 'prev'), link(1, 'first'));
  if (pageNo < last) rels.push(link(pageNo + 1, 'next'), link(last, 'last'));
  return { page, headers: rels.length ? { link: rels.join(', ') } : {} };
}

export function ok(bodyValue: unknown, status = 200, headers?: Record<string, string>): Reply {
  return { status, body: bodyValue, headers };
}
