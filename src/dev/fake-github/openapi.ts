// GitHub's own OpenAPI description is the contract the fake enforces: a request the real API
// would reject must be rejected here too, otherwise a passing test proves nothing.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { OpenAPIBackend, type Operation } from 'openapi-backend';

export interface RouteMatch {
  operation: Operation;
  operationId: string;
  /** The template, e.g. `/repos/{owner}/{repo}/issues/{issue_number}`. */
  template: string;
  /** Decoded path parameters. */
  params: Record<string, string>;
  /** The request path with every parameter percent-encoded, as the validator expects. */
  encodedPath: string;
  /** `x-github.enabledForGitHubApps`: false means installation tokens are refused. */
  enabledForGitHubApps: boolean;
}

export interface ValidationIssue {
  /** Where the error is: path params answer 404 on GitHub, query and body 422. */
  location: 'path' | 'query' | 'body';
  message: string;
}

interface CompiledRoute {
  op: Operation;
  method: string;
  regex: RegExp;
  names: string[];
  specificity: number;
}

/** Parameters that GitHub lets span several segments (`heads/feature/x`, `src/a/b.ts`). */
const GREEDY_PARAMS = new Set(['ref', 'path']);

export class GitHubSpec {
  private readonly strictRoutes: CompiledRoute[];
  private readonly greedyRoutes: CompiledRoute[];

  constructor(readonly api: OpenAPIBackend) {
    const ops = api.router.getOperations();
    this.strictRoutes = ops.map((op) => compile(op, false)).sort(bySpecificity);
    // Octokit percent-encodes slashes inside {ref}/{path}, but hand-written URLs may not.
    this.greedyRoutes = ops
      .filter((op) => /\{(ref|path)\}/.test(op.path))
      .map((op) => compile(op, true))
      .sort(bySpecificity);
  }

  match(method: string, rawPath: string): RouteMatch | undefined {
    const m = method.toLowerCase();
    const path = rawPath.length > 1 ? rawPath.replace(/\/+$/, '') : rawPath;
    for (const routes of [this.strictRoutes, this.greedyRoutes]) {
      for (const r of routes) {
        if (r.method !== m) continue;
        const hit = r.regex.exec(path);
        if (!hit) continue;
        const params: Record<string, string> = {};
        r.names.forEach((name, i) => {
          params[name] = safeDecode(hit[i + 1] ?? '');
        });
        const encodedPath = r.op.path.replace(/\{([^}]+)\}/g, (_s, n: string) => encodeURIComponent(params[n] ?? ''));
        const xgh = (r.op as { 'x-github'?: { enabledForGitHubApps?: boolean } })['x-github'];
        return {
          operation: r.op,
          operationId: r.op.operationId ?? `${m} ${r.op.path}`,
          template: r.op.path,
          params,
          encodedPath,
          enabledForGitHubApps: xgh?.enabledForGitHubApps !== false,
        };
      }
    }
    return undefined;
  }

  /** True if some operation exists at this path for another method (GitHub still says 404). */
  pathExists(rawPath: string): boolean {
    return this.strictRoutes.some((r) => r.regex.test(rawPath));
  }

  validateRequest(
    match: RouteMatch,
    req: { method: string; query: Record<string, string | string[]>; headers: Record<string, string>; body: unknown },
  ): ValidationIssue[] {
    const result = this.api.validator.validateRequest(
      { method: req.method, path: match.encodedPath, query: req.query, headers: req.headers, body: req.body as never },
      match.operation,
    );
    if (result.valid) return [];
    return (result.errors ?? []).map((e) => {
      const where = e.instancePath.split('/')[1];
      const location: ValidationIssue['location'] = where === 'path' ? 'path' : where === 'query' ? 'query' : 'body';
      const missing = (e.params as { missingProperty?: string }).missingProperty;
      const at = e.instancePath.replace(/^\/(requestBody|query|path)/, '') || '/';
      return { location, message: missing ? `"${missing}" wasn't supplied (at ${at})` : `${at} ${e.message ?? 'is invalid'}` };
    });
  }

  /** Top-level body fields the schema does not declare. GitHub ignores them silently, which hides typos. */
  unknownBodyFields(match: RouteMatch, body: unknown): string[] {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return [];
    const schema = requestSchema(match.operation);
    if (!schema) return Object.keys(body);
    const declared = collectProperties(schema);
    if (declared === 'any') return [];
    return Object.keys(body).filter((k) => !declared.has(k));
  }

  unknownQueryParams(match: RouteMatch, query: Record<string, unknown>): string[] {
    const declared = new Set(
      ((match.operation.parameters ?? []) as Array<{ in?: string; name?: string }>)
        .filter((p) => p.in === 'query')
        .map((p) => p.name),
    );
    return Object.keys(query).filter((k) => !declared.has(k));
  }

  validateResponse(match: RouteMatch, status: number, body: unknown): string[] {
    const result = this.api.validator.validateResponse(body, match.operation, status);
    if (result.valid) return [];
    return (result.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
  }
}

function compile(op: Operation, greedy: boolean): CompiledRoute {
  const names: string[] = [];
  let src = '';
  let literal = 0;
  for (const part of op.path.split(/(\{[^}]+\})/)) {
    const name = /^\{([^}]+)\}$/.exec(part)?.[1];
    if (name) {
      names.push(name);
      src += greedy && GREEDY_PARAMS.has(name) ? '(.+)' : '([^/]+)';
    } else {
      literal += part.length;
      src += part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return { op, method: op.method.toLowerCase(), regex: new RegExp(`^${src}$`), names, specificity: literal };
}

function bySpecificity(a: CompiledRoute, b: CompiledRoute): number {
  return b.specificity - a.specificity;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

type Schema = Record<string, unknown>;

function requestSchema(op: Operation): Schema | undefined {
  const rb = op.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined;
  return rb?.content?.['application/json']?.schema;
}

function collectProperties(schema: Schema, out = new Set<string>()): Set<string> | 'any' {
  if (schema.additionalProperties) return 'any';
  for (const k of Object.keys((schema.properties as Schema | undefined) ?? {})) out.add(k);
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
    for (const sub of (schema[key] as Schema[] | undefined) ?? []) {
      if (collectProperties(sub, out) === 'any') return 'any';
    }
  }
  return out;
}

/**
 * The description marks some schemas `nullable` without a `type`, which ajv refuses. Rewriting them
 * as `anyOf: [schema, null]` keeps their meaning, so a `null` milestone in a response stays valid.
 */
export function fixNullable(node: unknown): void {
  if (Array.isArray(node)) {
    for (const v of node) fixNullable(v);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as Schema;
  for (const v of Object.values(o)) fixNullable(v);
  // ajv applies `nullable` to `type` but not to `enum`; GitHub sends null for e.g. `state_reason`.
  if (o.nullable === true && Array.isArray(o.enum) && !o.enum.includes(null)) o.enum = [...(o.enum as unknown[]), null];
  if (typeof o.nullable !== 'boolean' || 'type' in o) return;
  const nullable = o.nullable;
  delete o.nullable;
  const rest = { ...o };
  const keys = Object.keys(rest).filter((k) => k !== 'description' && k !== 'readOnly');
  if (!nullable || keys.length === 0) return;
  for (const k of keys) delete o[k];
  o.anyOf = [rest, { type: 'null' }];
}

/**
 * Path and query values arrive as strings and ajv coerces them, so `workflow_id: 42` satisfies
 * both branches of the description's `oneOf: [integer, string]` and fails "exactly one". GitHub
 * accepts either form; for parameters, `anyOf` says what the description means.
 */
export function relaxParameterOneOf(definition: Schema): void {
  const params: unknown[] = [];
  for (const item of Object.values((definition.paths ?? {}) as Record<string, Record<string, { parameters?: unknown[] }>>)) {
    for (const op of Object.values(item)) if (op && Array.isArray(op.parameters)) params.push(...op.parameters);
  }
  params.push(...Object.values(((definition.components as Schema | undefined)?.parameters ?? {}) as Record<string, unknown>));
  for (const p of params) {
    const schema = (p as { schema?: Schema }).schema;
    if (schema && Array.isArray(schema.oneOf)) {
      schema.anyOf = schema.oneOf;
      delete schema.oneOf;
    }
  }
}

let shared: Promise<GitHubSpec> | undefined;

/** Parsed once per process and shared by every FakeGitHub: the file is 13 MB. */
export function loadGitHubSpec(): Promise<GitHubSpec> {
  shared ??= (async () => {
    const require = createRequire(import.meta.url);
    const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
    const definition = JSON.parse(readFileSync(file, 'utf8')) as Schema;
    fixNullable(definition);
    relaxParameterOneOf(definition);
    const api = new OpenAPIBackend({
      definition: definition as never,
      quick: true, // skips validating the description itself and compiles validators lazily
      validate: true,
      ajvOpts: { strict: false, validateFormats: false, logger: false },
    });
    await api.init();
    return new GitHubSpec(api);
  })();
  return shared;
}
