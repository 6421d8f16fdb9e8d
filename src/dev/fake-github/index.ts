// A strict, stateful fake of the GitHub REST API on a real HTTP port. Product code talks to it
// through Octokit's `baseUrl`; tests seed it, inspect it, inject faults, and finally assert that
// `violations` is empty (no request GitHub would have rejected or silently misread).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenStore } from './auth.js';
import { Faults, type FaultSpec } from './faults.js';
import type { CommitObject } from './git.js';
import { loadGitHubSpec } from './openapi.js';
import { Pipeline, type RequestLogEntry, type Violation } from './pipeline.js';
import {
  requireRepo,
  seedComment,
  seedFiles,
  seedIssue,
  seedRepo,
  seedRun,
  type IssueSeed,
  type RepoSeed,
  type WorkflowRunSeed,
} from './seed.js';
import { FakeState, type AuthorAssociation, type CommentRecord, type IssueRecord, type LabelRecord, type RepoRecord, type RunAttemptRecord } from './state.js';

export type { FaultSpec } from './faults.js';
export type { RequestLogEntry, Violation } from './pipeline.js';
export type { IssueSeed, JobSeed, RepoSeed, WorkflowRunSeed } from './seed.js';
export type { AgentAssignmentRecord, CommentRecord, IssueRecord, LabelRecord, RepoRecord, RunAttemptRecord } from './state.js';
export { loadGitHubSpec } from './openapi.js';
export { workflowIdFor } from './seed.js';

export interface FakeGitHubOptions {
  /** Checked against the JWT `iss` claim. */
  appId?: number;
  /** PEM; when given, the JWT signature is verified. */
  appPublicKey?: string;
  /** The bot is `<appSlug>[bot]` (default `autofix-bot`). */
  appSlug?: string;
  /** Tokens accepted as a user (PAT / user-to-server), e.g. for Copilot assignment. */
  userTokens?: string[];
  /** Login the user tokens act as (default `octocat`). */
  userLogin?: string;
  /** Lifetime of a job-log download URL (default 60 s, like GitHub). */
  logTtlMs?: number;
  /** Make each log URL usable once (default false). */
  singleUseLogUrls?: boolean;
  /** Hide new issues from search for this long, like GitHub's lagging index (default 0). */
  searchIndexDelayMs?: number;
  /** Validate the fake's own responses against the schema (default true). */
  validateResponses?: boolean;
  /** Base of `html_url` fields (default `https://github.com`). */
  htmlUrl?: string;
}

const USER_TOKEN_PREFIXES = /^(github_pat_|ghp_|gho_|ghu_)/;

export class FakeGitHub {
  private readonly state: FakeState;
  private readonly faults = new Faults();
  private readonly violationList: Violation[] = [];
  private readonly requestList: RequestLogEntry[] = [];
  private server?: Server;
  private baseUrl = '';

  constructor(private readonly opts: FakeGitHubOptions = {}) {
    const tokens = new TokenStore({ appId: opts.appId, appPublicKey: opts.appPublicKey, appSlug: opts.appSlug ?? 'autofix-bot' });
    for (const t of opts.userTokens ?? []) {
      if (!USER_TOKEN_PREFIXES.test(t)) throw new Error(`user token must start with github_pat_, ghp_, gho_ or ghu_: ${t.slice(0, 6)}…`);
      tokens.addUserToken(t, opts.userLogin ?? 'octocat');
    }
    this.state = new FakeState(
      {
        appId: opts.appId,
        appSlug: opts.appSlug ?? 'autofix-bot',
        htmlUrl: opts.htmlUrl ?? 'https://github.com',
        logTtlMs: opts.logTtlMs ?? 60_000,
        searchIndexDelayMs: opts.searchIndexDelayMs ?? 0,
      },
      tokens,
    );
  }

  /** Loads GitHub's OpenAPI description (once per process) and listens on 127.0.0.1. */
  async start(port = 0): Promise<string> {
    if (this.server) return this.baseUrl;
    const spec = await loadGitHubSpec();
    const pipeline = new Pipeline(
      spec,
      this.state,
      this.faults,
      { validateResponses: this.opts.validateResponses ?? true, singleUseLogUrls: this.opts.singleUseLogUrls ?? false },
      this.violationList,
      this.requestList,
    );
    const server = createServer((req, res) => {
      pipeline.handle(req, res).catch((err: unknown) => {
        pipeline.violations.push({ method: req.method ?? '?', url: req.url ?? '?', reason: `fake crashed: ${String(err)}` });
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'Server Error (fake crashed)' }));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    pipeline.apiUrl = this.baseUrl;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  }

  get url(): string {
    return this.baseUrl;
  }

  /** Requests GitHub would have rejected (or silently misread). Tests should end with this empty. */
  get violations(): readonly Violation[] {
    return this.violationList;
  }

  get requests(): readonly RequestLogEntry[] {
    return this.requestList;
  }

  /** Requests whose route is `'POST /repos/{owner}/{repo}/issues'` (or whose operationId matches). */
  requestsTo(route: string): RequestLogEntry[] {
    return this.requests.filter((r) => r.route === route || r.operationId === route);
  }

  /** Returns the violations so far and forgets them (for tests that provoke one on purpose). */
  takeViolations(): Violation[] {
    return this.violationList.splice(0);
  }

  clearLog(): void {
    this.violationList.length = 0;
    this.requestList.length = 0;
  }

  failNext(spec: FaultSpec): void {
    this.faults.add(spec);
  }

  /** Injected faults not consumed yet. */
  get pendingFaults(): number {
    return this.faults.pending();
  }

  // ---- seeding -------------------------------------------------------------------------------

  addRepo(seed: RepoSeed): RepoRecord {
    return seedRepo(this.state, seed);
  }

  /** Commits one file on `branch` (created from the default branch if missing). `null` deletes it. */
  setFile(repo: string, branch: string, path: string, text: string | null, message?: string): CommitObject {
    return seedFiles(this.state, repo, branch, { [path]: text }, message ?? `Update ${path}`);
  }

  setFiles(repo: string, branch: string, files: Record<string, string | null>, message?: string): CommitObject {
    return seedFiles(this.state, repo, branch, files, message);
  }

  /** Adds a run attempt with its jobs; call again with `run_attempt: 2` for a re-run. */
  addWorkflowRun(seed: WorkflowRunSeed): RunAttemptRecord {
    return seedRun(this.state, seed);
  }

  addIssue(repo: string, seed: IssueSeed): IssueRecord {
    return seedIssue(this.state, repo, seed);
  }

  addComment(repo: string, issueNumber: number, body: string, login?: string, association?: AuthorAssociation): CommentRecord {
    return seedComment(this.state, repo, issueNumber, body, login, association);
  }

  addUserToken(token: string, login = this.opts.userLogin ?? 'octocat'): void {
    this.state.tokens.addUserToken(token, login);
  }

  /** Expires every installation token issued so far. */
  expireInstallationTokens(): void {
    this.state.tokens.revokeAll();
  }

  // ---- inspection ----------------------------------------------------------------------------

  repo(fullName: string): RepoRecord {
    return requireRepo(this.state, fullName);
  }

  /** Issues only (pull requests excluded), by number. */
  issues(repo: string): IssueRecord[] {
    return [...this.repo(repo).issues.values()].filter((i) => !i.pull);
  }

  pulls(repo: string): IssueRecord[] {
    return [...this.repo(repo).issues.values()].filter((i) => i.pull);
  }

  comments(repo: string, issueNumber?: number): CommentRecord[] {
    return [...this.repo(repo).comments.values()].filter((c) => issueNumber === undefined || c.issueNumber === issueNumber);
  }

  labels(repo: string): LabelRecord[] {
    return [...this.repo(repo).labels.values()];
  }

  /** Branch name → head sha. */
  branches(repo: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [ref, sha] of this.repo(repo).git.refs) if (ref.startsWith('refs/heads/')) out[ref.slice('refs/heads/'.length)] = sha;
    return out;
  }

  /** File text at a branch, tag or sha; undefined if absent. */
  readFile(repo: string, ref: string, path: string): string | undefined {
    const r = this.repo(repo);
    const sha = r.git.resolve(ref);
    return sha ? r.git.readFile(sha, path)?.content.toString('utf8') : undefined;
  }

  get agentAssignments(): FakeState['agentAssignments'] {
    return this.state.agentAssignments;
  }

  /** Installation tokens issued so far (token → installation id). */
  get issuedTokens(): Map<string, number> {
    return new Map([...this.state.tokens.issued].map(([t, v]) => [t, v.installationId]));
  }
}
