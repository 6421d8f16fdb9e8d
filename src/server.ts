// The one composition root: builds the adapters from settings, wires the flows, listens.
// Routes are `{ path, method, handler }` records, the shape of Bolt's HTTPReceiver customRoutes,
// so the Slack receiver can serve them on the same port when Slack is configured.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App } from '@octokit/app';
import type { Rule } from './analysis/rules/index.js';
import type { Config } from './config/schema.js';
import { BaselineCache } from './flows/analyze-run.js';
import { handleFailedRun, handlePassedPrRun, type FailedRunJob, type FlowDeps } from './flows/failed-run.js';
import { GitHubClient } from './github/client.js';
import { botOctokit } from './github/octokit.js';
import { githubWebhookHandler } from './github/webhooks.js';
import type { Logger } from './log.js';
import { startWorker, type Worker } from './queue/worker.js';
import type { Store } from './store/types.js';

export interface ServerSettings {
  appId: string;
  privateKey: string;
  webhookSecret: string;
  apiUrl: string;
  port: number;
  host?: string;
  copilotUserToken: string | null;
  /** false against the local fake: GitHub's write spacing only slows tests down. */
  spaceWrites?: boolean;
  retryAfterBaseValue?: number;
  workerPollMs?: number;
}

export interface Route {
  path: string;
  method: string[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

export interface RunningServer {
  url: string;
  server: Server;
  worker: Worker;
  close(): Promise<void>;
}

export async function startServer(settings: ServerSettings, deps: { config: Config; rules: Rule[]; store: Store; logger: Logger; now?: () => Date }): Promise<RunningServer> {
  const now = deps.now ?? (() => new Date());
  const Kit = botOctokit({ baseUrl: settings.apiUrl, logger: deps.logger, spaceWrites: settings.spaceWrites, retryAfterBaseValue: settings.retryAfterBaseValue });
  const app = new App({ appId: settings.appId, privateKey: settings.privateKey, webhooks: { secret: settings.webhookSecret }, Octokit: Kit });
  const userKit = settings.copilotUserToken ? new Kit({ auth: settings.copilotUserToken }) : null;
  const baselines = new BaselineCache();
  const flowDeps = async (job: FailedRunJob): Promise<FlowDeps> => {
    const kit = await app.getInstallationOctokit(job.installationId);
    return {
      github: new GitHubClient(kit as never, job.repo, userKit as never),
      store: deps.store, config: deps.config, rules: deps.rules, baselines, now, copilotAssign: userKit !== null,
      logger: deps.logger.child({ repo: job.repo, run: job.runId, delivery: job.delivery }),
    };
  };

  const worker = startWorker({
    store: deps.store,
    logger: deps.logger,
    pollMs: settings.workerPollMs,
    now,
    handlers: {
      'failed-run': async (payload) => handleFailedRun(await flowDeps(payload as FailedRunJob), payload as FailedRunJob),
      'pr-passed': async (payload) => handlePassedPrRun(await flowDeps(payload as FailedRunJob), payload as FailedRunJob),
    },
  });

  const routes: Route[] = [
    { path: '/api/github/webhooks', method: ['POST'], handler: (q, s) => void githubWebhookHandler({ webhooks: app.webhooks, store: deps.store, config: deps.config, logger: deps.logger, now, kick: () => worker.kick() })(q, s) },
    { path: '/healthz', method: ['GET'], handler: (_q, s) => { s.writeHead(200, { 'content-type': 'text/plain' }); s.end('ok\n'); } },
  ];
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = routes.find((r) => r.path === path);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found\n');
    }
    if (!route.method.includes(req.method ?? '')) {
      res.writeHead(405, { allow: route.method.join(', '), 'content-type': 'text/plain' });
      return res.end('method not allowed\n');
    }
    route.handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(settings.port, settings.host ?? '0.0.0.0', resolve));
  const { port } = server.address() as AddressInfo;
  deps.logger.info({ port }, 'autofix-bot listening');
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    worker,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await worker.stop();
      await deps.store.close();
    },
  };
}
