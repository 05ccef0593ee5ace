// Which ValidatingWebhookConfiguration webhooks a request reaches: rules, namespaceSelector, objectSelector.
import type { KubeObject } from '../store.js';
import type { AdmissionAttributes } from './attributes.js';

type Selector = {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
};

/** A metav1.LabelSelector against labels; an empty or absent selector matches everything. */
export function selectorMatches(
  selector: Selector | undefined | null,
  labels: Record<string, string>,
): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {}))
    if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(labels[e.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[e.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

const anyOf = (list: unknown, value: string) =>
  Array.isArray(list) && (list.includes('*') || list.includes(value));

/** One `rules[]` entry (RuleWithOperations) against the request, as kube-apiserver's RuleMatcher does. */
export function ruleMatches(rule: KubeObject, a: AdmissionAttributes): boolean {
  if (!anyOf(rule.operations, a.operation)) return false;
  if (!anyOf(rule.apiGroups, a.resource.group)) return false;
  if (!anyOf(rule.apiVersions, a.resource.version)) return false;
  const resources: unknown[] = Array.isArray(rule.resources) ? rule.resources : [];
  const sub = a.subResource ?? '';
  const resourceOk = resources.some((r) => {
    if (typeof r !== 'string') return false;
    if (r === '*/*') return true;
    const [res, subres = ''] = r.split('/', 2);
    if (r.includes('/'))
      return (res === '*' || res === a.resource.plural) && (subres === '*' || subres === sub);
    return sub === '' && (res === '*' || res === a.resource.plural);
  });
  if (!resourceOk) return false;
  const scope = rule.scope ?? '*';
  if (scope === 'Cluster') return !a.resource.namespaced;
  if (scope === 'Namespaced') return a.resource.namespaced;
  return true;
}

/**
 * Whether `hook` is called for the request. `namespaceLabels` gives a namespace's labels
 * (kube-apiserver always has `kubernetes.io/metadata.name` among them).
 */
export function webhookMatches(
  hook: KubeObject,
  a: AdmissionAttributes,
  namespaceLabels: (ns: string) => Record<string, string>,
): boolean {
  const rules: KubeObject[] = Array.isArray(hook.rules) ? hook.rules : [];
  if (!rules.some((r) => ruleMatches(r, a))) return false;
  // A Namespace is judged by its own labels; other cluster-scoped objects always pass.
  if (a.resource.kind === 'Namespace' && a.resource.group === '') {
    const ns = a.object ?? a.oldObject;
    const labels = { ...(ns?.metadata?.labels ?? {}), 'kubernetes.io/metadata.name': a.name };
    if (!selectorMatches(hook.namespaceSelector, labels)) return false;
  } else if (a.resource.namespaced && a.namespace !== undefined) {
    if (!selectorMatches(hook.namespaceSelector, namespaceLabels(a.namespace))) return false;
  }
  if (hook.objectSelector && Object.keys(hook.objectSelector).length > 0) {
    const matches = [a.object, a.oldObject].some(
      (o) => o !== undefined && selectorMatches(hook.objectSelector, o.metadata?.labels ?? {}),
    );
    if (!matches) return false;
  }
  return true;
}
