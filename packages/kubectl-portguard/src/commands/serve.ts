// `kubectl portguard serve`: watch the cluster read-only, export metrics, and (with --webhook-addr) guard admission.
import { readFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { SEVERITIES, type Severity } from '@portguard/core';
import type { ClusterTarget } from '@portguard/kube';
import {
  jsonLogger,
  MODES,
  parseListenAddress,
  startServe,
  type ListenAddress,
  type Mode,
} from '@portguard/serve';
import { EXIT, UserError, type MainIO } from '../io.js';
import type { CommandFactory } from '../main.js';
import { loadScanConfig } from '../input/load-scan-config.js';
import { toReportObject } from '../reporters/json.js';

export const serveOptions = {
  'metrics-addr': {
    type: 'string',
    default: ':9090',
    requiresArg: true,
    describe: 'HOST:PORT of /metrics, /healthz, /readyz and /findings',
  },
  'webhook-addr': {
    type: 'string',
    requiresArg: true,
    describe:
      'HOST:PORT of the admission webhook (POST /validate, TLS); needs --tls-cert and --tls-key',
  },
  'tls-cert': {
    type: 'string',
    requiresArg: true,
    describe: "The webhook's serving certificate (PEM)",
  },
  'tls-key': { type: 'string', requiresArg: true, describe: "The webhook's private key (PEM)" },
  mode: {
    choices: MODES,
    default: 'warn' as Mode,
    describe:
      'deny: refuse objects with findings; warn: admit with warnings; audit: admit and count',
  },
  'fail-on': {
    choices: SEVERITIES,
    default: 'medium' as Severity,
    describe: 'The webhook acts on findings at or above this severity',
  },
  kubeconfig: {
    type: 'string',
    requiresArg: true,
    describe:
      'Path to the kubeconfig file (default: $KUBECONFIG, else in-cluster config, else ~/.kube/config)',
  },
  context: { type: 'string', requiresArg: true, describe: 'kubeconfig context to use' },
  config: { type: 'string', requiresArg: true, describe: 'Path to .portguard.yaml' },
  'trust-object-annotations': {
    type: 'boolean',
    default: false,
    describe: "Honour portguard.dev/ignore on a live cluster's own objects",
  },
} as const;

export interface ServeArgs {
  metricsAddr: string;
  webhookAddr?: string;
  tlsCert?: string;
  tlsKey?: string;
  mode: Mode;
  failOn: Severity;
  kubeconfig?: string;
  context?: string;
  config?: string;
  trustObjectAnnotations: boolean;
}

export const serveCommand: CommandFactory = (io, done) => (y: Argv) =>
  y.command(
    'serve',
    'Watch the cluster, export Prometheus metrics and (with --webhook-addr) review admissions',
    (b) =>
      b
        .options(serveOptions)
        .example(
          '$0 serve --metrics-addr 127.0.0.1:9090',
          'watch the current context, metrics on loopback',
        )
        .example(
          '$0 serve --webhook-addr :8443 --tls-cert tls.crt --tls-key tls.key --mode deny',
          'also refuse objects with findings at or above medium',
        ),
    async (argv) => done(await runServe(argv as unknown as ServeArgs, io)),
  );

/** Which cluster: --kubeconfig, else $KUBECONFIG, else the pod's ServiceAccount, else ~/.kube/config. */
export function serveTarget(args: ServeArgs, env: NodeJS.ProcessEnv): ClusterTarget {
  const inCluster = !args.kubeconfig && !env.KUBECONFIG && !!env.KUBERNETES_SERVICE_HOST;
  return {
    kubeconfig: args.kubeconfig,
    context: args.context,
    env,
    ...(inCluster ? { inCluster: true } : {}),
  };
}

function address(flag: string, value: string): ListenAddress {
  try {
    return parseListenAddress(value);
  } catch (e) {
    throw new UserError(`--${flag}: ${(e as Error).message}`);
  }
}

function readPem(flag: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError(
      `--${flag} ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? e})`,
    );
  }
}

/** Runs until SIGTERM or SIGINT (or `until` resolves), then stops cleanly and resolves to 0. */
export async function runServe(
  args: ServeArgs,
  io: MainIO,
  until?: Promise<void>,
): Promise<number> {
  const metricsAddr = address('metrics-addr', args.metricsAddr);
  let webhook: { addr: ListenAddress; cert: string; key: string } | undefined;
  if (args.webhookAddr !== undefined) {
    if (!args.tlsCert || !args.tlsKey)
      throw new UserError(
        '--webhook-addr needs --tls-cert and --tls-key (the API server calls webhooks over TLS)',
      );
    webhook = {
      addr: address('webhook-addr', args.webhookAddr),
      cert: readPem('tls-cert', args.tlsCert),
      key: readPem('tls-key', args.tlsKey),
    };
  } else if (args.tlsCert || args.tlsKey)
    throw new UserError('--tls-cert and --tls-key go with --webhook-addr');
  const config = loadScanConfig(io.cwd, args.config);
  let running;
  try {
    running = await startServe({
      target: serveTarget(args, io.env),
      metricsAddr,
      webhook,
      mode: args.mode,
      failOn: args.failOn,
      config,
      trustObjectAnnotations: args.trustObjectAnnotations,
      report: (result, warnings) =>
        toReportObject({ result, warnings, mode: 'cluster', color: false }),
      log: jsonLogger(io.stdout),
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE' || err.code === 'EACCES' || err.code === 'EADDRNOTAVAIL')
      throw new UserError(`cannot listen: ${err.message}`);
    if (err.code === 'ERR_OSSL_PEM_NO_START_LINE' || /key|cert|PEM/i.test(err.message ?? ''))
      throw new UserError(`--tls-cert/--tls-key: ${err.message.split('\n')[0]}`);
    throw e;
  }
  await (until ??
    new Promise<void>((resolve) => {
      process.once('SIGTERM', resolve);
      process.once('SIGINT', resolve);
    }));
  await running.stop();
  jsonLogger(io.stdout).info('stopped');
  return EXIT.OK;
}
