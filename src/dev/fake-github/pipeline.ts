// One request's path through the fake: route → authenticate → validate against GitHub's OpenAPI
// description → (injected fault) → handler → validate our own response → send. Every step that
// GitHub would reject is also recorded as a violation, so tests can assert "no misuse happened".
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { Identity } from './auth.js';
import { checkExtensions } from './extensions.js';
import { faultReply, type Faults } from './faults.js';
import { GitHubError, type HandlerContext, type Reply } from './http.js';
import type { GitHubSpec, RouteMatch } from './openapi.js';
import { handlers } from './routes/index.js';
import type { FakeState } from './state.js';

export interface Violation {
  method: string;
  url: string;
  reason: string;
  operationId?: string;
}

export interface RequestLogEntry {
  method: string;
  /** Path and query as received. */
  path: string;
  /** `POST /repos/{owner}/{repo}/issues`, or undefined for unknown routes. */
  route?: string;
  operationId?: string;
  status: number;
  auth: Identity['kind'] | 'invalid';
  /** True when the status came from failNext(). */
  injected?: boolean;
  at: number;
}

export interface PipelineOptions {
  validateResponses: boolean;
  singleUseLogUrls: boolean;
}

/** Operations that take the app JWT rather than an installation or user token. */
const needsJwt = (template: string): boolean => template.startsWith('/app/') || template === '/app' || template.endsWith('/installation');

export class Pipeline {
  apiUrl = '';
  private readonly rate = new Map<string, number>();

  constructor(
    private readonly spec: GitHubSpec,
    private readonly state: FakeState,
    private readonly faults: Faults,
    private readonly opts: PipelineOptions,
    /** Owned by FakeGitHub so they outlive a restart. */
    readonly violations: Violation[],
    readonly requests: RequestLogEntry[],
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', this.apiUrl);
    const path = url.pathname + url.search;
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : (v ?? '')]));
    const log: RequestLogEntry = { method, path, status: 0, auth: 'none', at: Date.now() };
    const violate = (reason: string, operationId?: string): void => {
      this.violations.push({ method, url: path, reason, ...(operationId ? { operationId } : {}) });
    };
    let reply: Reply;
    try {
      if (url.pathname.startsWith('/_blobs/logs/')) {
        log.operationId = 'fake/log-blob';
        reply = this.serveLog(url.pathname.slice('/_blobs/logs/'.length));
      } else {
        reply = this.dispatch(method, url, headers, raw, log, violate);
      }
    } catch (err) {
      if (!(err instanceof GitHubError)) throw err;
      reply = { status: err.status, body: err.toBody(), headers: err.headers };
    }
    log.status = reply.status;
    this.requests.push(log);
    this.send(res, reply, log.auth === 'none' || log.auth === 'invalid' ? 'anonymous' : log.auth);
  }

  private dispatch(method: string, url: URL, headers: Record<string, string>, raw: Buffer, log: RequestLogEntry, violate: (r: string, op?: string) => void): Reply {
    const path = url.pathname;
    const match = this.spec.match(method, path);
    if (!match) {
      violate(path === '/graphql' ? 'GraphQL is not implemented by the fake' : `${method} ${path} is not an operation in GitHub's OpenAPI description`);
      throw new GitHubError(404, 'Not Found');
    }
    const op = match.operationId;
    log.route = `${method} ${match.template}`;
    log.operationId = op;
    const fail = (status: number, message: string): GitHubError => {
      violate(message, op);
      return new GitHubError(status, message);
    };

    const identity = this.state.tokens.authenticate(headers.authorization);
    if ('error' in identity) {
      log.auth = 'invalid';
      throw fail(401, identity.error);
    }
    log.auth = identity.kind;
    this.checkAuth(match, identity, fail);

    let body: unknown;
    if (raw.length) {
      if (!/json/.test(headers['content-type'] ?? '')) throw fail(415, `Unsupported content-type ${headers['content-type'] ?? '(none)'}`);
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw fail(400, 'Problems parsing JSON');
      }
    }
    const query: Record<string, string> = {};
    url.searchParams.forEach((v, k) => {
      query[k] = v;
    });

    const issues = this.spec.validateRequest(match, { method, query, headers, body });
    if (issues.some((i) => i.location === 'path')) throw fail(404, `Not Found (${issues.map((i) => i.message).join('; ')})`);
    if (issues.length) throw fail(422, `Invalid request.\n\n${issues.map((i) => i.message).join('\n')}`);
    let extensions: string[];
    try {
      extensions = checkExtensions(op, body, identity);
    } catch (err) {
      if (err instanceof GitHubError) violate(`${err.message}${err.errors ? `: ${JSON.stringify(err.errors)}` : ''}`, op);
      throw err;
    }
    const unknownFields = this.spec.unknownBodyFields(match, body).filter((f) => !extensions.includes(f));
    if (unknownFields.length) violate(`unknown body field(s) ${unknownFields.join(', ')}: GitHub silently ignores them`, op);
    const unknownQuery = this.spec.unknownQueryParams(match, query);
    if (unknownQuery.length) violate(`unknown query parameter(s) ${unknownQuery.join(', ')}: GitHub silently ignores them`, op);

    const fault = this.faults.take(method, match.template, op);
    if (fault && !fault.afterHandler) {
      log.injected = true;
      return faultReply(fault);
    }
    const handler = handlers[op];
    if (!handler) throw fail(501, `${op} is valid for GitHub but not implemented by the fake`);
    const ctx: HandlerContext = {
      state: this.state,
      params: match.params,
      query,
      body,
      headers,
      identity,
      apiUrl: this.apiUrl,
      requestUrl: url,
      violation: (reason) => violate(reason, op),
    };
    let reply: Reply;
    try {
      reply = handler(ctx);
    } catch (err) {
      if (err instanceof GitHubError) {
        reply = { status: err.status, body: err.toBody(), headers: err.headers };
      } else {
        violate(`fake crashed: ${(err as Error).stack ?? String(err)}`, op);
        reply = { status: 500, body: { message: 'Server Error (fake crashed)' } };
      }
    }
    // Only successes: several error schemas are ambiguous `oneOf`s that any error body satisfies twice.
    if (this.opts.validateResponses && reply.status < 300 && reply.body !== undefined && reply.text === undefined) {
      const errors = this.spec.validateResponse(match, reply.status, reply.body);
      if (errors.length) violate(`the fake's own ${reply.status} response breaks the schema: ${errors.join('; ')}`, op);
    }
    if (fault) {
      log.injected = true;
      return faultReply(fault);
    }
    return reply;
  }

  private checkAuth(match: RouteMatch, identity: Identity, fail: (s: number, m: string) => GitHubError): void {
    if (needsJwt(match.template)) {
      if (identity.kind !== 'app') throw fail(401, `${match.template} needs the app JWT (Authorization: Bearer <JWT>), got ${identity.kind}`);
      return;
    }
    if (identity.kind === 'none') throw fail(401, 'Requires authentication');
    if (identity.kind === 'app') throw fail(401, 'A JSON web token only works on /app endpoints; use an installation token');
    if (identity.kind === 'installation' && !match.enabledForGitHubApps) {
      throw fail(403, `Resource not accessible by integration (${match.operationId} is not enabled for GitHub Apps)`);
    }
  }

  private serveLog(token: string): Reply {
    const link = this.state.logLinks.get(token);
    if (!link) return { status: 404, text: 'The specified blob does not exist.', headers: { 'content-type': 'text/plain' } };
    if (link.expiresAt <= Date.now()) {
      this.state.logLinks.delete(token);
      return { status: 410, text: 'This log URL has expired. Request a new one from the jobs logs endpoint.', headers: { 'content-type': 'text/plain' } };
    }
    if (this.opts.singleUseLogUrls) this.state.logLinks.delete(token);
    return { status: 200, text: link.text, headers: { 'content-type': 'text/plain; charset=utf-8' } };
  }

  private send(res: ServerResponse, reply: Reply, rateKey: string): void {
    const used = (this.rate.get(rateKey) ?? 0) + 1;
    this.rate.set(rateKey, used);
    const headers: Record<string, string> = {
      'x-github-request-id': randomBytes(8).toString('hex').toUpperCase(),
      'x-github-api-version-selected': '2022-11-28',
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': String(Math.max(5000 - used, 0)),
      'x-ratelimit-used': String(used),
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-ratelimit-resource': 'core',
      ...reply.headers,
    };
    let payload = '';
    if (reply.text !== undefined) {
      payload = reply.text;
      headers['content-type'] ??= 'text/plain; charset=utf-8';
    } else if (reply.body !== undefined && reply.status !== 204) {
      payload = JSON.stringify(reply.body);
      headers['content-type'] ??= 'application/json; charset=utf-8';
    }
    res.writeHead(reply.status, headers);
    res.end(payload);
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
