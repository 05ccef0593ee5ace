// `kubectl portguard policy`: admission policies (VAP, Kyverno, Gatekeeper) or PSA label commands that enforce the rules.
import type { Argv } from 'yargs';
import {
  isSystemNamespace,
  parseManifests,
  resolveConfig,
  type InputError,
  type ManifestObject,
  type PortguardConfig,
} from '@portguard/core';
import {
  ACTIONS,
  ENGINES,
  generatePolicy,
  PolicyOptionsError,
  resolvePolicyOptions,
  type Action,
  type Engine,
  type NamespaceInfo,
} from '@portguard/policy';
import { EXIT, UserError, type MainIO } from '../io.js';
import type { CommandFactory } from '../main.js';
import { collectFiles, readStream } from '../input/collect-files.js';
import {
  KubeClient,
  kubeconfigFiles,
  listPages,
  loadKubeconfig,
  podTemplateCrdKinds,
  SCANNED_KINDS,
} from '@portguard/kube';

export const policyOptions = {
  engine: {
    choices: ENGINES,
    demandOption: true,
    describe:
      'vap: ValidatingAdmissionPolicy + binding (CEL); kyverno: ClusterPolicy; gatekeeper: ConstraintTemplate + Constraint; psa: kubectl label commands',
  },
  'exempt-namespace': {
    type: 'string',
    array: true,
    default: [] as string[],
    describe: 'Namespace where the policy does not apply; repeatable (kube-system always is)',
  },
  action: {
    choices: ACTIONS,
    default: 'deny' as Action,
    describe: 'What a violation does: refuse the request, warn, or only audit',
  },
  filename: {
    alias: 'f',
    type: 'string',
    array: true,
    describe: 'psa: take the tenant namespaces from these manifests instead of the cluster',
  },
  recursive: {
    alias: 'R',
    type: 'boolean',
    default: false,
    describe: 'Read folders given with -f recursively',
  },
  context: {
    type: 'string',
    describe:
      'psa: context to list namespaces from; vap, gatekeeper: to name its pod-template CRDs',
  },
  kubeconfig: { type: 'string', describe: 'psa, vap, gatekeeper: path to the kubeconfig file' },
  config: {
    type: 'string',
    describe:
      "Path to .portguard.yaml (its allow: entries become the policy's allowances; psa: its systemNamespaces are not labelled)",
  },
} as const;

export interface PolicyArgs {
  engine: Engine;
  exemptNamespace: string[];
  action: Action;
  filename?: string[];
  recursive: boolean;
  context?: string;
  kubeconfig?: string;
  config?: string;
}

export const policyCommand: CommandFactory = (io, done) => (y: Argv) =>
  y.command(
    'policy',
    'Print admission policies that refuse hostPort, hostNetwork, NodePort Services and externalIPs',
    (b) =>
      b
        .options(policyOptions)
        .example(
          '$0 policy --engine vap | kubectl apply -f -',
          'install a ValidatingAdmissionPolicy',
        )
        .example(
          '$0 policy --engine kyverno --exempt-namespace ingress-nginx --action audit',
          'a Kyverno ClusterPolicy in Audit mode',
        )
        .example(
          '$0 policy --engine psa -f namespaces/',
          'label commands for the namespaces in files',
        ),
    async (argv) => done(await runPolicy(argv as unknown as PolicyArgs, io)),
  );

/** Prints the policy for `args.engine`; resolves to the exit code (2 when -f input had errors). */
export async function runPolicy(args: PolicyArgs, io: MainIO): Promise<number> {
  const config = resolveConfig(io.cwd, args.config);
  let options;
  try {
    // The config's tenant allowances become the policy's (psa has none: it labels namespaces).
    options = resolvePolicyOptions({
      exemptNamespaces: args.exemptNamespace,
      action: args.action,
      ...(args.engine === 'psa' ? {} : { allow: config.allow, tenantLabels: config.tenantLabels }),
    });
  } catch (e) {
    if (e instanceof PolicyOptionsError) throw new UserError(e.message);
    throw e;
  }
  if (args.engine !== 'psa') {
    // vap and gatekeeper name the cluster's pod-template CRDs in what they match, given a cluster.
    const readsCrds = args.engine === 'vap' || args.engine === 'gatekeeper';
    const clusterFlags = readsCrds ? [] : (['context', 'kubeconfig'] as const);
    for (const flag of ['filename', ...clusterFlags] as const) {
      if (args[flag] !== undefined)
        throw new UserError(
          `--${flag === 'filename' ? 'filename (-f)' : flag} is only used with --engine psa`,
        );
    }
    if (readsCrds && (args.context !== undefined || args.kubeconfig !== undefined))
      options = { ...options, podTemplateKinds: await clusterPodTemplateKinds(args, io) };
    let text: string;
    try {
      text = generatePolicy(args.engine, options);
    } catch (e) {
      // An allowance the engine cannot express (a tenant pattern for Kyverno): one line.
      if (e instanceof PolicyOptionsError) throw new UserError(e.message);
      throw e;
    }
    io.stdout.write(text);
    return EXIT.OK;
  }
  const { namespaces, errors } = await psaNamespaces(args, config, io);
  io.stdout.write(generatePolicy('psa', options, namespaces));
  for (const e of errors)
    io.stderr.write(`error: ${e.file}${e.line ? `:${e.line}` : ''}: ${e.message}\n`);
  return errors.length > 0 ? EXIT.ERROR : EXIT.OK;
}

/** The pod-template CRDs the cluster serves, as policy targets (none when CRDs may not be read). */
async function clusterPodTemplateKinds(args: PolicyArgs, io: MainIO) {
  const client = new KubeClient(
    loadKubeconfig({ kubeconfig: args.kubeconfig, context: args.context, env: io.env }),
  );
  try {
    return (await podTemplateCrdKinds(client, undefined)).map((k) => ({
      group: k.group,
      version: k.version,
      resource: k.plural,
      kind: k.kind,
      podSpec: ['spec', 'template', 'spec'],
    }));
  } finally {
    client.close();
  }
}

/**
 * The tenant namespaces to label: from -f files, else from the kubeconfig's cluster. Without
 * -f and without any kubeconfig, undefined: the generic command (said on stderr).
 */
async function psaNamespaces(
  args: PolicyArgs,
  config: PortguardConfig,
  io: MainIO,
): Promise<{ namespaces?: NamespaceInfo[]; errors: InputError[] }> {
  const tenant = (list: NamespaceInfo[]) => list.filter((n) => !isSystemNamespace(n.name, config));
  if (args.filename?.length) {
    const collected = await collectFiles(args.filename, {
      recursive: args.recursive,
      cwd: io.cwd,
      readStdin: () => readStream(io.stdin),
    });
    const errors = [...collected.errors];
    const objects: ManifestObject[] = [];
    for (const f of collected.files) {
      const parsed = parseManifests(f.text, f.file);
      objects.push(...parsed.objects);
      errors.push(...parsed.errors);
    }
    if (collected.files.length === 0 && errors.length > 0)
      throw new UserError(`${errors[0].file}: ${errors[0].message}`);
    return { namespaces: tenant(namespacesOf(objects)), errors };
  }
  const target = { kubeconfig: args.kubeconfig, context: args.context, env: io.env };
  if (!args.kubeconfig && !args.context) {
    try {
      kubeconfigFiles(target);
    } catch {
      io.stderr.write(
        'note: no -f and no kubeconfig: printing one command for every namespace not exempt\n',
      );
      return { errors: [] };
    }
  }
  const client = new KubeClient(loadKubeconfig(target));
  try {
    const objects: ManifestObject[] = [];
    const kind = SCANNED_KINDS.find((k) => k.kind === 'Namespace')!;
    await listPages(client, kind, undefined, (page) => objects.push(...page));
    return { namespaces: tenant(namespacesOf(objects)), errors: [] };
  } finally {
    client.close();
  }
}

/** Namespace objects with their labels, then namespaces only named by other objects (labels unknown). */
export function namespacesOf(objects: readonly ManifestObject[]): NamespaceInfo[] {
  const out = new Map<string, NamespaceInfo>();
  for (const o of objects) {
    if (o.value.kind === 'Namespace' && o.ref.name) {
      const labels = o.value.metadata?.labels;
      out.set(o.ref.name, {
        name: o.ref.name,
        labels: labels && typeof labels === 'object' ? labels : {},
      });
    }
  }
  for (const o of objects) {
    const ns = o.ref.namespace;
    if (ns && !out.has(ns)) out.set(ns, { name: ns });
  }
  return [...out.values()];
}
