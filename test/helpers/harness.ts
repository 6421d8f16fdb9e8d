// The real server (real webhook verification, real Octokit with retry and throttling, real lowdb
// file, real queue worker) against the fake GitHub. Tests deliver signed payloads built from
// @octokit/webhooks-examples and inspect the fake's state.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeGitHub } from '../../src/dev/fake-github/index.js';
import { ConfigSchema, type ConfigInput } from '../../src/config/schema.js';
import { silentLogger } from '../../src/log.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { openLowdbStore } from '../../src/store/lowdb.js';
import type { Store } from '../../src/store/types.js';
import { deliver, workflowRunFailure, type WorkflowRunFailureOptions } from './github-payloads.js';

export const OWNER = 'acme';
export const REPO = 'widgets';
export const FULL = `${OWNER}/${REPO}`;
export const SECRET = 'test-webhook-secret';
/** dependency_error at high confidence: a category that may get an automatic PR. */
export const DEP = 'npm-e404-missing-package';
/** permission_error: an issue-only category. */
export const PERM = 'bash-script-not-executable';
const APP_ID = 4242;

export const WORKFLOW = `# CI for widgets
name: CI
on:
  push:
    branches: [main]
  pull_request:

jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minutes: 10 # keep CI fast
    steps:
      - uses: actions/checkout@v4
      - run: npm ci
      - run: npm test
`;

export function fixtureLog(name: string, file = 'job.txt'): string {
  return readFileSync(join(import.meta.dirname, '../../fixtures/logs', name, file), 'utf8');
}

const keys = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

export interface RunSpec extends Partial<WorkflowRunFailureOptions> {
  runId: number;
  fixture: string;
  jobName?: string;
  /** Failed step name as the API reports it. */
  step?: string;
  /** More failed jobs in the same run. */
  extraJobs?: { name: string; fixture: string }[];
}

export class Harness {
  fake!: FakeGitHub;
  server!: RunningServer;
  store!: Store;
  storeFile = join(mkdtempSync(join(tmpdir(), 'autofix-test-')), 'state.json');
  private sha = 0;

  constructor(private config: ConfigInput = {}, private readonly opts: { copilotUserToken?: string } = {}) {}

  async start(): Promise<this> {
    this.fake = new FakeGitHub({ appId: APP_ID, appPublicKey: keys.publicKey, userTokens: this.opts.copilotUserToken ? [this.opts.copilotUserToken] : [] });
    await this.fake.start();
    this.fake.addRepo({ owner: OWNER, name: REPO, defaultBranch: 'main', files: { '.github/workflows/ci.yml': WORKFLOW, 'package.json': '{"name":"widgets"}\n' } });
    await this.boot();
    return this;
  }

  /** Starts (or restarts, keeping the store file) the bot. */
  async boot(config: ConfigInput = this.config): Promise<void> {
    this.config = config;
    this.store = await openLowdbStore({ file: this.storeFile });
    this.server = await startServer(
      { appId: String(APP_ID), privateKey: keys.privateKey, webhookSecret: SECRET, apiUrl: this.fake.url, port: 0, host: '127.0.0.1', copilotUserToken: this.opts.copilotUserToken ?? null, spaceWrites: false, retryAfterBaseValue: 5, workerPollMs: 20 },
      { config: ConfigSchema.parse(config), rules: [], store: this.store, logger: silentLogger },
    );
  }

  async restart(config?: ConfigInput): Promise<void> {
    await this.server.close();
    await this.boot(config);
  }

  async stop(): Promise<void> {
    await this.server?.close();
    await this.fake?.stop();
  }

  headSha(): string {
    return this.fake.branches(FULL).main ?? String(++this.sha).padStart(40, 'a');
  }

  /** Seeds the run (jobs and logs) in the fake GitHub and returns its webhook payload. */
  seedRun(spec: RunSpec): Record<string, unknown> {
    const headSha = spec.headSha ?? this.headSha();
    const jobs = [{ name: spec.jobName ?? 'build', fixture: spec.fixture }, ...(spec.extraJobs ?? [])];
    this.fake.addWorkflowRun({
      repo: FULL, id: spec.runId, name: spec.workflowName ?? 'CI', head_branch: spec.headBranch ?? 'main', head_sha: headSha,
      event: spec.event ?? 'push', status: 'completed', conclusion: spec.conclusion ?? 'failure', run_attempt: spec.runAttempt ?? 1,
      path: spec.workflowPath ?? '.github/workflows/ci.yml', fork: spec.fork,
      pull_requests: spec.pullRequests?.map((p) => ({ number: p.number, head: { ref: p.headRef, sha: p.headSha }, base: { ref: p.baseRef ?? 'main', sha: p.baseSha ?? headSha } })),
      jobs: jobs.map((j, i) => ({
        id: spec.runId * 10 + i, name: j.name, status: 'completed', conclusion: 'failure', log: fixtureLog(j.fixture),
        steps: [
          { name: 'Set up job', number: 1, conclusion: 'success' },
          { name: spec.step ?? 'Run tests', number: 2, conclusion: 'failure' },
          { name: 'Complete job', number: 3, conclusion: 'success' },
        ],
      })),
    } as never);
    return workflowRunFailure({ owner: OWNER, repo: REPO, headSha, apiUrl: this.fake.url, ...spec });
  }

  async deliver(payload: Record<string, unknown>, id: string = randomUUID(), event = 'workflow_run', secret = SECRET) {
    return deliver(`${this.server.url}/api/github/webhooks`, { event, id, payload, secret });
  }

  /** Seeds, delivers and waits until the queue is empty. */
  async failRun(spec: RunSpec, id?: string) {
    const res = await this.deliver(this.seedRun(spec), id);
    await this.server.worker.drain();
    return res;
  }

  writes() {
    return this.fake.requests.filter((r) => r.method !== 'GET' && !r.path.includes('/access_tokens'));
  }
}
