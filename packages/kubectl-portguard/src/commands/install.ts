// `kubectl portguard install`: print the manifests that run serve in the cluster (pipe them to kubectl apply -f -).
import type { Argv } from 'yargs';
import { generateTls } from '@portguard/apiserver';
import {
  installManifests,
  MODES,
  printManifests,
  serviceDnsNames,
  type Mode,
} from '@portguard/serve';
import { EXIT, UserError, type MainIO } from '../io.js';
import type { CommandFactory } from '../main.js';
import { packageVersion } from '../version.js';

/** The image the Dockerfile at the repository's root builds, tagged with this version. */
export const defaultImage = () => `ghcr.io/portguard/portguard:${packageVersion()}`;

export const installOptions = {
  webhook: {
    type: 'boolean',
    default: false,
    describe:
      'Also install the admission webhook (its TLS Secret and ValidatingWebhookConfiguration)',
  },
  mode: {
    choices: MODES,
    default: 'warn' as Mode,
    describe:
      'deny: refuse objects with findings (failurePolicy Fail); warn or audit: admit (failurePolicy Ignore)',
  },
  namespace: {
    alias: 'n',
    type: 'string',
    default: 'portguard',
    requiresArg: true,
    describe: 'Namespace to run serve in',
  },
  image: {
    type: 'string',
    requiresArg: true,
    describe: 'The portguard image (default ghcr.io/portguard/portguard:VERSION)',
  },
} as const;

export interface InstallArgs {
  webhook: boolean;
  mode: Mode;
  namespace: string;
  image?: string;
}

export const installCommand: CommandFactory = (io, done) => (y: Argv) =>
  y.command(
    'install',
    'Print the manifests that run portguard serve in the cluster (kubectl apply -f -)',
    (b) =>
      b
        .options(installOptions)
        .example('$0 install | kubectl apply -f -', 'watch and export metrics')
        .example(
          '$0 install --webhook --mode deny | kubectl apply -f -',
          'also refuse exposures at admission',
        ),
    (argv) => done(runInstall(argv as unknown as InstallArgs, io)),
  );

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Prints the manifests; a fresh CA and serving certificate (valid for the Service's names) with --webhook. */
export function runInstall(args: InstallArgs, io: MainIO): number {
  if (!DNS_LABEL.test(args.namespace) || args.namespace.length > 63)
    throw new UserError(
      `-n ${args.namespace}: not a valid namespace name (lower-case letters, digits and '-')`,
    );
  const image = args.image ?? defaultImage();
  if (image.trim() === '' || /\s/.test(image))
    throw new UserError(`--image "${image}": not an image reference`);
  let webhook;
  if (args.webhook) {
    const tls = generateTls({ dnsNames: serviceDnsNames(args.namespace) });
    webhook = { caCert: tls.ca.cert, cert: tls.server.cert, key: tls.server.key };
  }
  io.stdout.write(
    printManifests(
      installManifests({ namespace: args.namespace, image, mode: args.mode, webhook }),
    ),
  );
  return EXIT.OK;
}
