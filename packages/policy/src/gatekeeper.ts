// A Gatekeeper ConstraintTemplate (rego) and its Constraint that refuse host ports, host networking, NodePort and externalIPs.
import type { KubeObject, PortRange } from '@portguard/core';
import { POLICY_NAME, type Action, type PolicyOptions } from './options.js';
import { CONTAINER_LISTS, POD_TEMPLATE_PATHS, withExtraTargets } from './targets.js';

export const CONSTRAINT_KIND = 'PortguardHostExposure';
/** Gatekeeper requires the template's name to be its kind in lower case. */
export const TEMPLATE_NAME = CONSTRAINT_KIND.toLowerCase();

/** Gatekeeper's enforcementAction for each action (`audit` is its `dryrun`). */
const ENFORCEMENT: Record<Action, string> = { deny: 'deny', warn: 'warn', audit: 'dryrun' };

const quote = (s: string) => JSON.stringify(s);

/** `9000-9100/UDP` → `{min: 9000, max: 9100, protocol: UDP}`, as Gatekeeper's own host-network-ports writes ranges. */
const rangeParam = (r: PortRange) => ({ min: r.from, max: r.to, protocol: r.protocol });

const RANGES = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      min: { type: 'integer' },
      max: { type: 'integer' },
      protocol: { type: 'string', enum: ['TCP', 'UDP', 'SCTP'] },
    },
  },
};

/** The schema of the constraint's `parameters` when it carries allowances. */
const PARAMETERS_SCHEMA = {
  type: 'object',
  properties: {
    tenantLabels: { type: 'array', items: { type: 'string' } },
    allow: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          tenant: { type: 'string', description: 'tenant name or * glob' },
          namespace: { type: 'string', description: 'namespace name or * glob' },
          hostPorts: RANGES,
          nodePorts: RANGES,
          reason: { type: 'string' },
        },
      },
    },
  },
};

/**
 * The rules that read the constraint's `allow` parameters: the request namespace's tenant (the
 * first `tenantLabels` label on the Namespace, which needs Gatekeeper to sync Namespaces into
 * `data.inventory`; else the namespace itself), the entries that apply to it by tenant or
 * namespace glob, and whether a port of a protocol lies in one of their ranges.
 */
const ALLOWANCE_REGO = [
  '# Tenant allowances (kubectl portguard policy reads them from .portguard.yaml allow:).',
  'namespace_labels = labels {',
  '  labels := data.inventory.cluster["v1"]["Namespace"][input.review.namespace].metadata.labels',
  '} else = {}',
  '',
  'tenant = t {',
  '  present := [v | key := input.parameters.tenantLabels[_]; v := namespace_labels[key]]',
  '  count(present) > 0',
  '  t := present[0]',
  '} else = input.review.namespace',
  '',
  'applies(a) {',
  '  glob.match(a.tenant, ["/"], tenant)',
  '}',
  '',
  'applies(a) {',
  '  glob.match(a.namespace, ["/"], input.review.namespace)',
  '}',
  '',
  'protocol(p) = proto {',
  '  proto := upper(p.protocol)',
  '} else = "TCP"',
  '',
  'allowed_port(kind, port, proto) {',
  '  a := input.parameters.allow[_]',
  '  applies(a)',
  '  r := a[kind][_]',
  '  r.protocol == proto',
  '  port >= r.min',
  '  port <= r.max',
  '}',
  '',
  'node_port_outside(svc) {',
  '  p := svc.spec.ports[_]',
  '  not allowed_port("nodePorts", object.get(p, "nodePort", 0), protocol(p))',
  '}',
  '',
  'node_ports_allowed(svc) {',
  '  count(svc.spec.ports) > 0',
  '  not node_port_outside(svc)',
  '}',
  '',
];

/**
 * The pod spec, found where workloads keep one whatever the kind (an OpenShift DeploymentConfig,
 * a CloneSet, a CRD Gatekeeper is told to match): a `spec` holding one of the container lists (a
 * Pod's, even with only ephemeral containers; every object has a `spec`, so a bare one is not a pod
 * spec), else the first of POD_TEMPLATE_PATHS present. One function with `else`: two bodies giving two specs would be an OPA conflict error.
 */
const POD_SPEC_REGO = [
  '# Where the pod spec is, whatever the kind: a spec holding containers (a Pod), else a pod template.',
  'pod_spec(obj) = spec {',
  '  spec := obj.spec',
  '  spec[container_lists[_]]',
  ...POD_TEMPLATE_PATHS.flatMap((p) => [`} else = spec {`, `  spec := obj.${p.join('.')}`]),
  '}',
  '',
];

/**
 * The rego (v0 syntax, which every Gatekeeper release accepts) of the template. With
 * allowances, a hostPort, or a NodePort Service's every nodePort, inside one is admitted.
 */
export function gatekeeperRego(withAllowances = false): string {
  return [
    `package ${TEMPLATE_NAME}`,
    '',
    ...POD_SPEC_REGO,
    `container_lists := [${CONTAINER_LISTS.map(quote).join(', ')}]`,
    '',
    ...(withAllowances ? ALLOWANCE_REGO : []),
    'violation[{"msg": msg, "details": {"rule": "host-port"}}] {',
    '  spec := pod_spec(input.review.object)',
    '  container := spec[container_lists[_]][_]',
    '  port := container.ports[_]',
    '  port.hostPort != 0',
    ...(withAllowances
      ? [
          '  not allowed_port("hostPorts", port.hostPort, protocol(port))',
          '  msg := sprintf("container %q uses hostPort %v outside the tenant\'s allowances (portguard rule host-port)", [container.name, port.hostPort])',
        ]
      : [
          '  msg := sprintf("container %q uses hostPort %v (portguard rule host-port)", [container.name, port.hostPort])',
        ]),
    '}',
    '',
    'violation[{"msg": msg, "details": {"rule": "host-network"}}] {',
    '  spec := pod_spec(input.review.object)',
    '  spec.hostNetwork == true',
    '  msg := "pod uses hostNetwork=true (portguard rule host-network)"',
    '}',
    '',
    'violation[{"msg": msg, "details": {"rule": "nodeport-service"}}] {',
    '  input.review.object.kind == "Service"',
    '  input.review.object.spec.type == "NodePort"',
    ...(withAllowances ? ['  not node_ports_allowed(input.review.object)'] : []),
    '  msg := sprintf("Service %q is of type NodePort and opens a port on every node (portguard rule nodeport-service)", [input.review.object.metadata.name])',
    '}',
    '',
    'violation[{"msg": msg, "details": {"rule": "external-ips"}}] {',
    '  input.review.object.kind == "Service"',
    '  count(input.review.object.spec.externalIPs) > 0',
    '  msg := sprintf("Service %q has externalIPs, CVE-2020-8554 (portguard rule external-ips)", [input.review.object.metadata.name])',
    '}',
    '',
  ].join('\n');
}

/** The template and the one constraint that puts it to work outside the exempt namespaces. */
export function generateGatekeeper(options: PolicyOptions): KubeObject[] {
  const withAllow = !!options.allow?.length;
  const labels = { 'app.kubernetes.io/managed-by': 'portguard' };
  const kinds: Array<{ apiGroups: string[]; kinds: string[] }> = [];
  for (const t of withExtraTargets(options.podTemplateKinds)) {
    let k = kinds.find((x) => x.apiGroups[0] === t.group);
    if (!k) kinds.push((k = { apiGroups: [t.group], kinds: [] }));
    k.kinds.push(t.kind);
  }
  return [
    {
      apiVersion: 'templates.gatekeeper.sh/v1',
      kind: 'ConstraintTemplate',
      metadata: {
        name: TEMPLATE_NAME,
        labels,
        annotations: {
          description:
            'Generated by kubectl portguard policy: refuses hostPort, hostNetwork, NodePort Services and externalIPs.',
        },
      },
      spec: {
        crd: {
          spec: {
            names: { kind: CONSTRAINT_KIND },
            ...(withAllow ? { validation: { openAPIV3Schema: PARAMETERS_SCHEMA } } : {}),
          },
        },
        targets: [{ target: 'admission.k8s.gatekeeper.sh', rego: gatekeeperRego(withAllow) }],
      },
    },
    {
      apiVersion: 'constraints.gatekeeper.sh/v1beta1',
      kind: CONSTRAINT_KIND,
      metadata: { name: POLICY_NAME, labels },
      spec: {
        enforcementAction: ENFORCEMENT[options.action],
        match: { kinds, excludedNamespaces: options.exemptNamespaces },
        ...(withAllow
          ? {
              parameters: {
                tenantLabels: [...(options.tenantLabels ?? [])],
                allow: (options.allow ?? []).map((a) => ({
                  ...(a.tenant !== undefined ? { tenant: a.tenant } : { namespace: a.namespace }),
                  hostPorts: a.hostPorts.map(rangeParam),
                  nodePorts: a.nodePorts.map(rangeParam),
                  reason: a.reason,
                })),
              },
            }
          : {}),
      },
    },
  ];
}
