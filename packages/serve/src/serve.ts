// `serve` wired together: the watch feeds LiveState; metrics, logs, /findings and the webhook read it.
import type { PortguardConfig, Severity } from '@portguard/core';
import {
  loadKubeconfig,
  resourceName,
  watchCluster,
  type ClusterTarget,
  type WatchOptions,
} from '@portguard/kube';
import { startMetricsServer, type ReportFn } from './http/metrics-server.js';
import type { ListenAddress } from './http/listen-address.js';
import type { Logger } from './log.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';
import { objectFields } from './watch/finding-key.js';
import { LiveState } from './watch/live-state.js';
import { validateHandler } from './webhook/handler.js';
import type { Mode } from './webhook/review.js';
import { EMPTY_CONTEXT, reviewContext, type ReviewContext } from './webhook/review-context.js';
import { startWebhookServer } from './webhook/webhook-server.js';

export interface ServeOptions {
  /** The cluster (kubeconfig flags, or `inCluster`); serve always watches every namespace. */
  target: ClusterTarget;
  metricsAddr: ListenAddress;
  /** `--webhook-addr` with `--tls-cert`/`--tls-key` (PEM text). */
  webhook?: { addr: ListenAddress; cert: string; key: string };
  mode: Mode;
  failOn: Severity;
  config: PortguardConfig;
  trustObjectAnnotations: boolean;
  /** The `scan -o json` document of a result (the CLI's JSON reporter). */
  report: ReportFn;
  log: Logger;
  watch?: WatchOptions;
}

export interface RunningServe {
  metricsUrl: string;
  webhookUrl?: string;
  state: LiveState;
  metrics: Metrics;
  /** Resolves when the servers and the watch are closed. */
  stop(): Promise<void>;
}

/** Starts the watch, the metrics server and (with `webhook`) the admission webhook. */
export async function startServe(options: ServeOptions): Promise<RunningServe> {
  const { log } = options;
  const state = new LiveState({
    config: options.config,
    trustObjectAnnotations: options.trustObjectAnnotations,
    // Cluster-wide findings name the cluster, as scan -A does.
    clusterName: loadKubeconfig(options.target).context,
  });
  const metrics = createMetrics();
  let context: ReviewContext = EMPTY_CONTEXT;

  const metricsServer = await startMetricsServer(options.metricsAddr, {
    metrics,
    state,
    report: options.report,
  });
  let webhookServer: Awaited<ReturnType<typeof startWebhookServer>> | undefined;
  try {
    webhookServer = options.webhook
      ? await startWebhookServer(
          options.webhook.addr,
          { cert: options.webhook.cert, key: options.webhook.key },
          {
            '/validate': validateHandler({
              context: () => context,
              options: {
                mode: options.mode,
                failOn: options.failOn,
                config: options.config,
                trustObjectAnnotations: options.trustObjectAnnotations,
              },
              metrics,
              log,
            }),
          },
        )
      : undefined;
  } catch (e) {
    await metricsServer.close();
    throw e;
  }

  let synced = false;
  const kindUp = state.watchUp;
  let stopWatch: (() => Promise<void>) | undefined;
  try {
    stopWatch = watchCluster(
      { ...options.target, allNamespaces: true },
      {
        onSnapshot(objects, listed) {
          const change = state.update(objects, listed);
          context = reviewContext(objects);
          metrics.observe(state);
          for (const f of change.appeared)
            log.info('finding appeared', {
              rule: f.rule,
              severity: f.severity,
              message: f.message,
              object: objectFields(f.object),
              ...(f.tenant !== undefined ? { tenant: f.tenant } : {}),
            });
          for (const f of change.disappeared)
            log.info('finding disappeared', {
              rule: f.rule,
              severity: f.severity,
              object: objectFields(f.object),
              ...(f.tenant !== undefined ? { tenant: f.tenant } : {}),
            });
          // After the first findings, so a reader that waits for `synced` has them all.
          if (!synced) {
            synced = true;
            log.info('synced', {
              objects: listed.length,
              findings: state.result.summary.findings,
              suppressed: state.result.summary.suppressed,
            });
          }
        },
        onStatus(s) {
          if (s.state === 'disconnected')
            log.error('watch error', {
              reason: s.reason,
              retryInMs: s.retryInMs,
              server: s.server,
            });
          else if (s.state === 'live') {
            // Logged once each, not again on every reconnect.
            for (const w of s.warnings)
              if (!state.warnings.includes(w)) log.warn('not watched', { reason: w });
            state.warnings = s.warnings;
            const forbidden = s.forbiddenKinds ?? [];
            const changed =
              forbidden.map(resourceName).join() !== state.forbiddenKinds.map(resourceName).join();
            state.forbiddenKinds = forbidden;
            // A claim about a kind that turned out unreadable is withdrawn at once, not at the next event.
            if (changed && state.ready) state.update(state.objects, state.listed);
          }
        },
        onKindHealth(kind, up) {
          const was = kindUp.get(kind);
          kindUp.set(kind, up);
          metrics.observe(state);
          if (was === true && !up) log.warn('watch down', { kind });
          if (was === false && up) log.info('watch up', { kind });
        },
      },
      // A scan of a 10,000-pod cluster holds the event loop ~0.2 s: at most one a second, so
      // reviews are not kept waiting behind scans while pods churn (the contract allows 5 s).
      { coalesceMs: 1000, ...options.watch },
    );
  } catch (e) {
    await metricsServer.close();
    await webhookServer?.close();
    throw e;
  }
  log.info('started', {
    metrics: metricsServer.url,
    ...(webhookServer ? { webhook: `${webhookServer.url}/validate` } : {}),
    mode: options.mode,
    failOn: options.failOn,
  });
  return {
    metricsUrl: metricsServer.url,
    webhookUrl: webhookServer?.url,
    state,
    metrics,
    async stop() {
      await stopWatch?.();
      await Promise.all([metricsServer.close(), webhookServer?.close()]);
    },
  };
}
