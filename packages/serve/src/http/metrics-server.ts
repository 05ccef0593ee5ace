// The plain-HTTP endpoints of serve: /metrics (prom-client), /healthz, /readyz, /findings.
import http, { type Server } from 'node:http';
import type { ScanResult } from '@portguard/core';
import type { Metrics } from '../metrics/metrics.js';
import type { LiveState } from '../watch/live-state.js';
import { listenOn, type ListenAddress } from './listen-address.js';

/** Builds the `scan -o json` document of a result (the CLI's reporter, injected: one JSON shape). */
export type ReportFn = (result: ScanResult, warnings: string[]) => unknown;

export interface MetricsServer {
  server: Server;
  /** `http://host:port`, for tests and the `started` log line. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `GET /metrics` (the registry's text format), `/healthz` (200 while running), `/readyz`
 * (200 once the first full list is scanned, else 503) and `/findings` (the JSON report of the
 * latest scan; 503 before it). Anything else is 404; a method other than GET or HEAD is 405.
 */
export async function startMetricsServer(
  address: ListenAddress,
  deps: { metrics: Metrics; state: LiveState; report: ReportFn },
): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (code: number, type: string, body: string) => {
      res.writeHead(code, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const text = (code: number, body: string) =>
      send(code, 'text/plain; charset=utf-8', `${body}\n`);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return text(405, 'method not allowed');
    }
    switch (path) {
      case '/metrics':
        deps.metrics.registry.metrics().then(
          (body) => send(200, deps.metrics.registry.contentType, body),
          (e: Error) => text(500, `cannot collect metrics: ${e.message}`),
        );
        return;
      case '/healthz':
        return text(200, 'ok');
      case '/readyz':
        return deps.state.ready
          ? text(200, 'ok')
          : text(503, 'the first list of the cluster is not done');
      case '/findings':
        if (!deps.state.ready) return text(503, 'the first list of the cluster is not done');
        return send(
          200,
          'application/json',
          `${JSON.stringify(deps.report(deps.state.result, [...deps.state.warnings, ...deps.state.claimWarnings]), null, 2)}\n`,
        );
      default:
        return text(404, `no such endpoint: ${path} (try /metrics, /healthz, /readyz, /findings)`);
    }
  });
  return listenOn(server, address, 'http');
}
