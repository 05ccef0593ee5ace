// A ValidatingAdmissionPolicy (CEL) and its binding that refuse host ports, host networking, NodePort and externalIPs.
import type { KubeObject } from '@portguard/core';
import { POLICY_NAME, type Action, type PolicyOptions } from './options.js';
import { ALL_TARGETS, byGroup, CONTAINER_LISTS, POD_TARGETS } from './targets.js';

const API_VERSION = 'admissionregistration.k8s.io/v1';

/** `deny` → `[Deny]`: the binding's validationActions for each action. */
const VALIDATION_ACTIONS: Record<Action, string[]> = {
  deny: ['Deny'],
  warn: ['Warn'],
  audit: ['Audit'],
};

/** One CEL validation with the portguard rule it enforces. */
export interface VapValidation {
  rule: string;
  expression: string;
  message: string;
}

/** `has(object.a) && has(object.a.b) ? [object.a.b] : []`: the field as a list of 0 or 1 items. */
function optional(path: readonly string[]): string {
  const steps = path.map((_, i) => `has(object.${path.slice(0, i + 1).join('.')})`);
  return `(${steps.join(' && ')} ? [object.${path.join('.')}] : [])`;
}

/**
 * The object's pod spec as a list of zero or one item, wherever its kind keeps it: `[]` for
 * Services, other kinds and incomplete objects, so `.all(s, …)` holds for them. Written inline
 * rather than as a policy variable, so it reads the same to any CEL evaluator.
 */
export function podSpecsExpression(): string {
  const byPath = new Map<string, { path: readonly string[]; kinds: string[] }>();
  for (const t of POD_TARGETS) {
    const key = t.podSpec!.join('.');
    const entry = byPath.get(key) ?? { path: t.podSpec!, kinds: [] };
    entry.kinds.push(t.kind);
    byPath.set(key, entry);
  }
  const branches = [...byPath.values()].map(({ path, kinds }) => {
    const test =
      kinds.length === 1
        ? `object.kind == '${kinds[0]}'`
        : `object.kind in [${kinds.map((k) => `'${k}'`).join(', ')}]`;
    return `${test} ? ${optional(path)} : `;
  });
  return `(${branches.join('')}[])`;
}

/** `!has(s.l) || s.l.all(c, …)` for each container list: hostPort absent or 0 everywhere. */
function noHostPort(): string {
  return CONTAINER_LISTS.map(
    (list) =>
      `(!has(s.${list}) || s.${list}.all(c, !has(c.ports) || c.ports.all(p, !has(p.hostPort) || p.hostPort == 0)))`,
  ).join(' && ');
}

const isService = "object.kind != 'Service'";

/** The validations, in the contract's rule order. Each holds trivially for kinds it does not concern. */
export function vapValidations(): VapValidation[] {
  return [
    {
      rule: 'host-port',
      expression: `${podSpecsExpression()}.all(s, ${noHostPort()})`,
      message:
        'hostPort is not allowed: the port would open on the node, outside NetworkPolicies (portguard rule host-port)',
    },
    {
      rule: 'host-network',
      expression: `${podSpecsExpression()}.all(s, !has(s.hostNetwork) || s.hostNetwork != true)`,
      message:
        "hostNetwork is not allowed: the pod would share the node's network namespace (portguard rule host-network)",
    },
    {
      rule: 'nodeport-service',
      expression: `${isService} || !has(object.spec) || !has(object.spec.type) || object.spec.type != 'NodePort'`,
      message:
        'Services of type NodePort are not allowed: they open a port on every node (portguard rule nodeport-service)',
    },
    {
      rule: 'external-ips',
      expression: `${isService} || !has(object.spec) || !has(object.spec.externalIPs) || size(object.spec.externalIPs) == 0`,
      message:
        'Services with externalIPs are not allowed: they can intercept traffic to any address, CVE-2020-8554 (portguard rule external-ips)',
    },
  ];
}

/** The policy and its binding, ready for `kubectl apply`. */
export function generateVap(options: PolicyOptions): KubeObject[] {
  const labels = { 'app.kubernetes.io/managed-by': 'portguard' };
  const resourceRules = byGroup(ALL_TARGETS).map(({ group, resources }) => ({
    apiGroups: [group],
    apiVersions: ['*'],
    operations: ['CREATE', 'UPDATE'],
    resources: group === '' ? [...resources, 'pods/ephemeralcontainers'] : resources,
  }));
  const policy = {
    apiVersion: API_VERSION,
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name: POLICY_NAME, labels },
    spec: {
      failurePolicy: 'Fail',
      matchConstraints: { resourceRules },
      validations: vapValidations().map(({ expression, message }) => ({
        expression,
        message,
        reason: 'Forbidden',
      })),
    },
  };
  const binding = {
    apiVersion: API_VERSION,
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name: POLICY_NAME, labels },
    spec: {
      policyName: POLICY_NAME,
      validationActions: VALIDATION_ACTIONS[options.action],
      matchResources: {
        namespaceSelector: {
          matchExpressions: [
            {
              key: 'kubernetes.io/metadata.name',
              operator: 'NotIn',
              values: options.exemptNamespaces,
            },
          ],
        },
      },
    },
  };
  return [policy, binding];
}
