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

/**
 * The pod spec wherever the matched kind keeps it. Variables are evaluated lazily, so Services
 * (which never reach this variable) do not trip over the missing field.
 */
export function podSpecExpression(): string {
  const byPath = new Map<string, string[]>();
  for (const t of POD_TARGETS) {
    const path = `object.${t.podSpec!.join('.')}`;
    byPath.set(path, [...(byPath.get(path) ?? []), t.kind]);
  }
  const fallback = 'object.spec.template.spec';
  const branches = [...byPath].filter(([path]) => path !== fallback);
  return (
    branches
      .map(
        ([path, kinds]) => `${kinds.map((k) => `object.kind == '${k}'`).join(' || ')} ? ${path} : `,
      )
      .join('') + fallback
  );
}

const notService = "object.kind == 'Service'";
const isService = "object.kind != 'Service'";

/** `!has(x.l) || x.l.all(c, …)` for each container list: hostPort absent or 0 everywhere. */
function noHostPort(): string {
  return CONTAINER_LISTS.map(
    (list) =>
      `(!has(variables.podSpec.${list}) || variables.podSpec.${list}.all(c, !has(c.ports) || c.ports.all(p, !has(p.hostPort) || p.hostPort == 0)))`,
  ).join(' && ');
}

/** The validations, in the contract's rule order. Each passes trivially for the other family of kinds. */
export function vapValidations(): VapValidation[] {
  return [
    {
      rule: 'host-port',
      expression: `${notService} || (${noHostPort()})`,
      message:
        'hostPort is not allowed: the port would open on the node, outside NetworkPolicies (portguard rule host-port)',
    },
    {
      rule: 'host-network',
      expression: `${notService} || !has(variables.podSpec.hostNetwork) || variables.podSpec.hostNetwork != true`,
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
      variables: [{ name: 'podSpec', expression: podSpecExpression() }],
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
