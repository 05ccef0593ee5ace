// Kyverno rules for the tenant allowances: per allowance, deny conditions with port ranges, as Kyverno's disallow-host-ports-range.
import {
  allowanceSubject,
  formatPortRange,
  globsOverlap,
  PORT_PROTOCOLS,
  type Allowance,
  type KubeObject,
  type PortRange,
} from '@portguard/core';
import { PolicyOptionsError } from './options.js';

/**
 * The `resources` filters (ORed under `any`) that select an allowance's namespaces: a namespace
 * glob as Kyverno's `namespaces` wildcards; a tenant by its label (`In`), or, as portguard counts
 * a namespace without a tenant label as its own tenant, by name where no tenant label is set.
 * A tenant glob other than `*` has no label selector, so it is refused.
 */
export function namespaceFilters(a: Allowance, tenantLabels: readonly string[]): KubeObject[] {
  if (a.namespace !== undefined) return [{ namespaces: [a.namespace] }];
  const tenant = a.tenant!;
  if (tenant === '*') return [{ namespaces: ['*'] }];
  if (tenant.includes('*'))
    throw new PolicyOptionsError(
      `kyverno: tenant pattern "${tenant}" cannot be written as a namespace label selector; name the tenant, or use namespace: "${tenant}"`,
    );
  return [
    ...tenantLabels.map((key) => ({
      namespaceSelector: { matchExpressions: [{ key, operator: 'In', values: [tenant] }] },
    })),
    {
      namespaces: [tenant],
      namespaceSelector: {
        matchExpressions: tenantLabels.map((key) => ({ key, operator: 'DoesNotExist' })),
      },
    },
  ];
}

/**
 * Kyverno rules must all pass, so where two allowances may apply to one namespace each rule
 * admits the other's ranges too. Two tenant globs or two namespace globs overlap when a name
 * matches both; a tenant and a namespace pattern may always meet.
 */
function mayMeet(a: Allowance, b: Allowance): boolean {
  if (a === b) return true;
  if (a.tenant !== undefined && b.tenant !== undefined) return globsOverlap(a.tenant, b.tenant);
  if (a.namespace !== undefined && b.namespace !== undefined)
    return globsOverlap(a.namespace, b.namespace);
  return true;
}

/** JMESPath of every hostPort > 0 of `protocol` in the pod spec (auto-gen rewrites `spec`). */
function hostPortsOf(protocol: string): string {
  const proto =
    protocol === 'TCP' ? "(protocol == `null` || protocol == 'TCP')" : `protocol == '${protocol}'`;
  return `request.object.spec.[ephemeralContainers, initContainers, containers][].ports[] | [?hostPort > \`0\` && ${proto}].hostPort`;
}

/** JMESPath of every nodePort of `protocol` in the Service. */
function nodePortsOf(protocol: string): string {
  const proto =
    protocol === 'TCP' ? "(protocol == `null` || protocol == 'TCP')" : `protocol == '${protocol}'`;
  return `request.object.spec.ports[?nodePort && ${proto}].nodePort`;
}

/** One condition per protocol: a port outside the ranges (`AnyNotIn`), or any at all without ranges. */
function outsideConditions(ranges: readonly PortRange[], portsOf: (p: string) => string) {
  return PORT_PROTOCOLS.map((protocol) => {
    const values = ranges.filter((r) => r.protocol === protocol).map((r) => formatRange(r));
    return values.length
      ? { key: `{{ ${portsOf(protocol)} }}`, operator: 'AnyNotIn', value: values }
      : { key: `{{ length(${portsOf(protocol)}) }}`, operator: 'GreaterThan', value: 0 };
  });
}

/** `9000-9100` or `8080`: Kyverno's range operand, protocol apart. */
const formatRange = (r: PortRange) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`);

/** The rules for each allowance: its hostPorts for Pods (and, by auto-gen, controllers), its nodePorts for Services. */
export function kyvernoAllowanceRules(
  allow: readonly Allowance[],
  tenantLabels: readonly string[],
  exclude: KubeObject,
): KubeObject[] {
  const out: KubeObject[] = [];
  allow.forEach((a, i) => {
    const together = allow.filter((b) => mayMeet(a, b));
    const filters = namespaceFilters(a, tenantLabels);
    const match = (kind: string) => ({
      any: filters.map((f) => ({ resources: { kinds: [kind], ...f } })),
    });
    const allowed = (kind: 'hostPorts' | 'nodePorts') =>
      together
        .flatMap((b) => b[kind])
        .map(formatPortRange)
        .join(', ');
    if (a.hostPorts.length) {
      out.push({
        name: `host-port-allowance-${i}`,
        match: match('Pod'),
        exclude,
        validate: {
          message: `${allowanceSubject(a)} may use hostPorts ${allowed('hostPorts')} only (${a.reason}) (portguard rule host-port)`,
          deny: {
            conditions: {
              any: outsideConditions(
                together.flatMap((b) => b.hostPorts),
                hostPortsOf,
              ),
            },
          },
        },
      });
    }
    if (a.nodePorts.length) {
      out.push({
        name: `nodeport-service-allowance-${i}`,
        match: match('Service'),
        exclude,
        validate: {
          message: `${allowanceSubject(a)} may use nodePorts ${allowed('nodePorts')} only, each set explicitly (${a.reason}) (portguard rule nodeport-service)`,
          deny: {
            conditions: {
              all: [
                {
                  key: '{{ request.object.spec.type || `""` }}',
                  operator: 'Equals',
                  value: 'NodePort',
                },
              ],
              any: [
                {
                  key: '{{ length(request.object.spec.ports[?!nodePort] || `[]`) }}',
                  operator: 'GreaterThan',
                  value: 0,
                },
                ...outsideConditions(
                  together.flatMap((b) => b.nodePorts),
                  nodePortsOf,
                ),
              ],
            },
          },
        },
      });
    }
  });
  return out;
}
