// A ValidatingAdmissionPolicy (CEL) and its binding that refuse host ports, host networking, NodePort and externalIPs.
import type { KubeObject } from '@portguard/core';
import { POLICY_NAME, type Action, type PolicyOptions } from './options.js';
import { byGroup, CONTAINER_LISTS, POD_TEMPLATE_PATHS, withExtraTargets } from './targets.js';
import {
  PARAMS_GROUP,
  PARAMS_KIND,
  PARAMS_VERSION,
  paramsCrd,
  paramsObject,
} from './allowance-params.js';

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
 * The object's pod spec as a list of zero or one item, found by where workloads keep it, not by
 * kind: `spec.template.spec` (Deployment-like, any CRD: DeploymentConfig, CloneSet, Rollout…),
 * `spec.jobTemplate.spec.template.spec` (CronJob-like), `template.spec` (PodTemplate); a Pod's
 * `spec`; `[]` otherwise. The policy holds it once, as the variable `podSpecs`.
 */
export function podSpecsExpression(): string {
  // A Pod's spec is the pod spec itself (even one with only ephemeral containers).
  const pod = `object.apiVersion == 'v1' && object.kind == 'Pod' ? (has(object.spec) ? [object.spec] : []) : `;
  const branches = POD_TEMPLATE_PATHS.map((p) => `${has(p)} ? [object.${p.join('.')}] : `);
  return `(${pod}${branches.join('')}[])`;
}

/** `has(object.a) && has(object.a.b)`: every step of the path is present. */
function has(path: readonly string[]): string {
  return path.map((_, i) => `has(object.${path.slice(0, i + 1).join('.')})`).join(' && ');
}

/** Every container of the pod spec, of the three lists, as one list (empty without a pod spec). */
function containersExpression(): string {
  return CONTAINER_LISTS.map(
    (l) => `(variables.podSpecs.exists(s, has(s.${l})) ? variables.podSpecs[0].${l} : [])`,
  ).join(' + ');
}

/**
 * The tenant of the request's namespace as portguard names it: the first tenant label present
 * on the Namespace, else the namespace itself.
 */
function tenantExpression(labels: readonly string[]): string {
  const ns = 'namespaceObject.metadata';
  return labels.reduceRight(
    (rest, key) =>
      `has(${ns}.labels) && '${key}' in ${ns}.labels ? ${ns}.labels['${key}'] : (${rest})`,
    `${ns}.name`,
  );
}

/** The params' allowances that apply to the request's namespace (by tenant or by namespace). */
const ALLOWANCES_EXPRESSION =
  'params == null || !has(params.spec) || !has(params.spec.allow) ? [] : params.spec.allow.filter(a, has(a.tenantRegex) ? variables.tenant.matches(a.tenantRegex) : has(a.namespaceRegex) && namespaceObject.metadata.name.matches(a.namespaceRegex))';

/** `port` of `protocol` is inside a `kind` range of an allowance that applies. */
function allowed(kind: 'hostPorts' | 'nodePorts', port: string, protocol: string): string {
  return `variables.allowances.exists(a, has(a.${kind}) && a.${kind}.exists(r, ${port} >= r.min && ${port} <= r.max && r.protocol == ${protocol}))`;
}

const protocolOf = (p: string) => `(has(${p}.protocol) ? ${p}.protocol : 'TCP')`;

export interface VapVariable {
  name: string;
  expression: string;
}

/** The variables, in the order they may refer to each other. */
export function vapVariables(
  options?: Pick<PolicyOptions, 'allow' | 'tenantLabels'>,
): VapVariable[] {
  const out: VapVariable[] = [
    { name: 'podSpecs', expression: podSpecsExpression() },
    { name: 'containers', expression: containersExpression() },
  ];
  if (options?.allow?.length) {
    out.push(
      { name: 'tenant', expression: tenantExpression(options.tenantLabels ?? []) },
      { name: 'allowances', expression: ALLOWANCES_EXPRESSION },
    );
  }
  return out;
}

// A core Service (Knative's serving.knative.dev Service carries a pod template instead).
const isService = "object.apiVersion != 'v1' || object.kind != 'Service'";

/**
 * The validations, in the contract's rule order. Each holds trivially for kinds it does not
 * concern. With allowances, a hostPort or a NodePort Service's every nodePort may lie inside one.
 */
export function vapValidations(options?: Pick<PolicyOptions, 'allow'>): VapValidation[] {
  const withAllow = !!options?.allow?.length;
  const hostPortOk = withAllow ? ` || ${allowed('hostPorts', 'p.hostPort', protocolOf('p'))}` : '';
  const nodePortsOk = withAllow
    ? ` || (has(object.spec.ports) && object.spec.ports.all(p, has(p.nodePort) && ${allowed('nodePorts', 'p.nodePort', protocolOf('p'))}))`
    : '';
  const outside = withAllow ? " outside the tenant's allowances" : '';
  return [
    {
      rule: 'host-port',
      expression: `variables.containers.all(c, !has(c.ports) || c.ports.all(p, !has(p.hostPort) || p.hostPort == 0${hostPortOk}))`,
      message: `hostPort is not allowed${outside}: the port would open on the node, outside NetworkPolicies (portguard rule host-port)`,
    },
    {
      rule: 'host-network',
      expression: `variables.podSpecs.all(s, !has(s.hostNetwork) || s.hostNetwork != true)`,
      message:
        "hostNetwork is not allowed: the pod would share the node's network namespace (portguard rule host-network)",
    },
    {
      rule: 'nodeport-service',
      expression: `${isService} || !has(object.spec) || !has(object.spec.type) || object.spec.type != 'NodePort'${nodePortsOk}`,
      message: `Services of type NodePort are not allowed${outside}: they open a port on every node (portguard rule nodeport-service)`,
    },
    {
      rule: 'external-ips',
      expression: `${isService} || !has(object.spec) || !has(object.spec.externalIPs) || size(object.spec.externalIPs) == 0`,
      message:
        'Services with externalIPs are not allowed: they can intercept traffic to any address, CVE-2020-8554 (portguard rule external-ips)',
    },
  ];
}

/**
 * The policy and its binding, ready for `kubectl apply`. With tenant allowances, also the
 * params CRD and its one object (`PortAllowances`), which the policy reads through `paramKind`.
 */
export function generateVap(options: PolicyOptions): KubeObject[] {
  const withAllow = !!options.allow?.length;
  const labels = { 'app.kubernetes.io/managed-by': 'portguard' };
  const resourceRules = byGroup(withExtraTargets(options.podTemplateKinds)).map(
    ({ group, resources }) => ({
      apiGroups: [group],
      apiVersions: ['*'],
      operations: ['CREATE', 'UPDATE'],
      resources: group === '' ? [...resources, 'pods/ephemeralcontainers'] : resources,
    }),
  );
  const policy = {
    apiVersion: API_VERSION,
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name: POLICY_NAME, labels },
    spec: {
      failurePolicy: 'Fail',
      ...(withAllow
        ? { paramKind: { apiVersion: `${PARAMS_GROUP}/${PARAMS_VERSION}`, kind: PARAMS_KIND } }
        : {}),
      matchConstraints: { resourceRules },
      variables: vapVariables(options),
      validations: vapValidations(options).map(({ expression, message }) => ({
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
      ...(withAllow ? { paramRef: { name: POLICY_NAME, parameterNotFoundAction: 'Deny' } } : {}),
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
  return withAllow ? [paramsCrd(), paramsObject(options), policy, binding] : [policy, binding];
}
