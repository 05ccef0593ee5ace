// Plays the API server's part for a ValidatingAdmissionPolicy: matching, namespace selector, lazy variables, CEL.
import { parse } from '@marcbachmann/cel-js';
import type { KubeObject } from '@portguard/core';

/**
 * Kubernetes' REST mapping for the kinds the fixtures hold, written out here rather than taken
 * from the generator, so a resource the generator forgets to match shows up as an admitted object.
 */
const REST_MAPPING: Record<string, { group: string; resource: string }> = {
  Pod: { group: '', resource: 'pods' },
  PodTemplate: { group: '', resource: 'podtemplates' },
  ReplicationController: { group: '', resource: 'replicationcontrollers' },
  Service: { group: '', resource: 'services' },
  ConfigMap: { group: '', resource: 'configmaps' },
  Namespace: { group: '', resource: 'namespaces' },
  Deployment: { group: 'apps', resource: 'deployments' },
  ReplicaSet: { group: 'apps', resource: 'replicasets' },
  StatefulSet: { group: 'apps', resource: 'statefulsets' },
  DaemonSet: { group: 'apps', resource: 'daemonsets' },
  Job: { group: 'batch', resource: 'jobs' },
  CronJob: { group: 'batch', resource: 'cronjobs' },
  Rollout: { group: 'argoproj.io', resource: 'rollouts' },
  DeploymentConfig: { group: 'apps.openshift.io', resource: 'deploymentconfigs' },
  CloneSet: { group: 'apps.kruise.io', resource: 'clonesets' },
  ScheduledTask: { group: 'batch.example.com', resource: 'scheduledtasks' },
  NetworkPolicy: { group: 'networking.k8s.io', resource: 'networkpolicies' },
  Ingress: { group: 'networking.k8s.io', resource: 'ingresses' },
};

/** True when the harness knows the kind's REST resource (so it can say whether the policy matches). */
export function hasRestMapping(kind: string): boolean {
  return Object.hasOwn(REST_MAPPING, kind);
}

export interface AdmissionResult {
  /** false when a Deny binding matched and a validation failed or could not be evaluated. */
  admitted: boolean;
  /** Whether the policy and binding applied to the request at all. */
  matched: boolean;
  /** Messages of the validations that returned false. */
  failed: string[];
  /** CEL evaluation errors (the API server applies failurePolicy to them). */
  errors: string[];
}

/**
 * What admission sees of a manifest: the API server decodes it into Go types and back, so null
 * fields and empty lists (`omitempty`) are gone.
 */
export function decodeLikeApiServer(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeLikeApiServer);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === null || (Array.isArray(v) && v.length === 0)) continue;
      out[k] = decodeLikeApiServer(v);
    }
    return out;
  }
  return value;
}

function selectorMatches(
  selector: KubeObject | undefined,
  labels: Record<string, string>,
): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {}))
    if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const value = labels[e.key];
    const ok =
      e.operator === 'In'
        ? has && e.values.includes(value)
        : e.operator === 'NotIn'
          ? !has || !e.values.includes(value)
          : e.operator === 'Exists'
            ? has
            : e.operator === 'DoesNotExist'
              ? !has
              : (() => {
                  throw new Error(`unknown selector operator ${e.operator}`);
                })();
    if (!ok) return false;
  }
  return true;
}

function ruleMatches(
  rule: KubeObject,
  group: string,
  resource: string,
  version: string,
  operation: string,
) {
  const any = (list: string[] | undefined, v: string) =>
    (list ?? []).some((x) => x === '*' || x === v);
  return (
    any(rule.apiGroups, group) &&
    any(rule.resources, resource) &&
    any(rule.apiVersions, version) &&
    any(rule.operations, operation)
  );
}

const compiled = new Map<string, ReturnType<typeof parse>>();
function cel(expression: string) {
  let fn = compiled.get(expression);
  if (!fn) compiled.set(expression, (fn = parse(expression)));
  return fn;
}

/**
 * Admission of one CREATE request for `manifest` under `policy` + `binding`, in namespace
 * `metadata.namespace` (or `default`, where kubectl would put it). The namespace carries the
 * `kubernetes.io/metadata.name` label the API server sets, plus `namespaceLabels`.
 */
export function admit(
  policy: KubeObject,
  binding: KubeObject,
  manifest: KubeObject,
  namespaceLabels: Record<string, string> = {},
  paramObjects: readonly KubeObject[] = [],
): AdmissionResult {
  const object = decodeLikeApiServer(manifest) as KubeObject;
  const mapping = REST_MAPPING[object.kind];
  if (!mapping) throw new Error(`no REST mapping for kind ${object.kind} in the test harness`);
  const version =
    String(object.apiVersion ?? '')
      .split('/')
      .pop() ?? '';
  const rules: KubeObject[] = policy.spec.matchConstraints?.resourceRules ?? [];
  const namespace = object.metadata?.namespace ?? 'default';
  const labels = { ...namespaceLabels, 'kubernetes.io/metadata.name': namespace };
  const notMatched: AdmissionResult = { admitted: true, matched: false, failed: [], errors: [] };
  if (!rules.some((r) => ruleMatches(r, mapping.group, mapping.resource, version, 'CREATE')))
    return notMatched;
  if (binding.spec.policyName !== policy.metadata.name) return notMatched;
  if (!selectorMatches(binding.spec.matchResources?.namespaceSelector, labels)) return notMatched;

  const request = { operation: 'CREATE', namespace, name: object.metadata?.name ?? '' };
  // With paramKind, the binding's paramRef names the params object (cluster-scoped here).
  let params: KubeObject | null = null;
  const paramKind = policy.spec.paramKind;
  if (paramKind) {
    const ref = binding.spec.paramRef;
    if (!ref) throw new Error('a policy with paramKind needs a binding with paramRef');
    params =
      paramObjects.find(
        (p) =>
          p.apiVersion === paramKind.apiVersion &&
          p.kind === paramKind.kind &&
          p.metadata?.name === ref.name,
      ) ?? null;
    if (!params && ref.parameterNotFoundAction !== 'Allow')
      return { admitted: false, matched: true, failed: [], errors: ['params not found'] };
  }
  const namespaceObject = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: namespace, labels },
  };
  const variables: Record<string, unknown> = {};
  const context = { object, oldObject: null, request, variables, params, namespaceObject };
  // The API server evaluates a variable the first time an expression reads it, then keeps it.
  for (const v of policy.spec.variables ?? []) {
    let cached: { value: unknown } | undefined;
    Object.defineProperty(variables, v.name, {
      enumerable: true,
      get: () => (cached ??= { value: cel(v.expression)(context) }).value,
    });
  }
  const failed: string[] = [];
  const errors: string[] = [];
  for (const v of policy.spec.validations ?? []) {
    try {
      const ok = cel(v.expression)(context);
      if (typeof ok !== 'boolean')
        errors.push(`${v.expression}: returned ${String(ok)}, not a bool`);
      else if (!ok) failed.push(v.message);
    } catch (e) {
      errors.push(`${v.message}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  const actions: string[] = binding.spec.validationActions ?? [];
  const failing =
    failed.length > 0 || (errors.length > 0 && policy.spec.failurePolicy !== 'Ignore');
  return { admitted: !(failing && actions.includes('Deny')), matched: true, failed, errors };
}
