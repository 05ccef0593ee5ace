// Why a finding is risky in this cluster: what it opens, on which nodes, past which NetworkPolicies, against which tenant.
import {
  findPodSpec,
  getAt,
  isObject,
  labelsOf,
  type Finding,
  type KubeObject,
  type ManifestObject,
  type ObjectRef,
  type TenantResolver,
} from '@portguard/core';
import type { ClusterIndex } from './cluster-index.js';
import { mapSelectorMatches, selectorMatches } from './label-selector.js';

/** The facts the details pane shows, each as short sentences. */
export interface RiskFacts {
  /** What the finding opens, e.g. `opens TCP 8080 on the node for every client that reaches it`. */
  exposure: string;
  /** The namespace's NetworkPolicies this traffic bypasses, or why none matter. */
  policies: string;
  /** Other tenants it collides with (empty when none). */
  collisions: string[];
  /** The nodes it opens a port on, or may be scheduled on. */
  nodes: string;
}

export interface RiskInput {
  finding: Finding;
  index: ClusterIndex;
  tenantOf: TenantResolver;
  /** Every finding on the same object: a host-port finding borrows its conflict's other side. */
  sameObject: readonly Finding[];
}

const NODE_LIST_MAX = 4;
const POD_SPEC_RULES = new Set([
  'host-port',
  'host-network',
  'host-pid',
  'host-ipc',
  'host-port-conflict',
]);

export function whyRisky({ finding, index, tenantOf, sameObject }: RiskInput): RiskFacts {
  const object = index.byRef(finding.object);
  return {
    exposure: exposureOf(finding, object),
    policies: policiesOf(finding, object, index),
    collisions: collisionsOf(finding, sameObject, tenantOf),
    nodes: nodesOf(finding, object, index),
  };
}

function exposureOf(f: Finding, object: ManifestObject | undefined): string {
  const d = f.data ?? {};
  switch (f.rule) {
    case 'host-port':
      return `opens ${d.protocol ?? 'TCP'} ${d.hostPort} on ${d.hostIP ? `host IP ${d.hostIP} of ` : ''}each node it runs on, outside the pod network`;
    case 'host-network': {
      const ports =
        Array.isArray(d.ports) && d.ports.length
          ? ` ports ${d.ports.join(', ')}`
          : ' every port it opens';
      return `shares the node's network namespace: it listens on${ports} of the node and sees all node traffic`;
    }
    case 'host-pid':
      return "shares the node's process namespace: it sees and can signal every process on the node";
    case 'host-ipc':
      return "shares the node's IPC namespace: it can read other pods' shared memory on the node";
    case 'nodeport-service':
    case 'loadbalancer-node-ports': {
      const ports =
        Array.isArray(d.nodePorts) && d.nodePorts.length
          ? d.nodePorts.join(', ')
          : 'allocated node ports';
      const local = object?.value.spec?.externalTrafficPolicy === 'Local';
      return `opens node port ${ports} on every node${local ? ' (externalTrafficPolicy Local: client IPs kept)' : '; traffic is SNATed to the node IP (externalTrafficPolicy Cluster)'}`;
    }
    case 'external-ips': {
      const ips = Array.isArray(d.externalIPs) ? d.externalIPs.join(', ') : 'its externalIPs';
      return `every node routes traffic for ${ips} to this Service, whoever owns those addresses (CVE-2020-8554)`;
    }
    case 'host-port-conflict':
      return `asks for hostPort ${d.port}/${d.protocol} that another tenant also asks for: one of them stays Pending on a shared node, or squats the other's traffic`;
    case 'node-port-conflict':
      return `asks for node port ${d.nodePort} that another Service also asks for: only one of them gets it`;
    default:
      return f.message;
  }
}

/** The labels of the pods an object runs (its own for a Pod, its template's for a controller). */
function podLabels(value: KubeObject): Record<string, string> | undefined {
  const pod = findPodSpec(value);
  if (!pod) return undefined;
  const md = getAt(value, pod.metadataPath);
  return isObject(md) && isObject(md.labels) ? (md.labels as Record<string, string>) : {};
}

function policiesOf(f: Finding, object: ManifestObject | undefined, index: ClusterIndex): string {
  const ns = f.object.namespace;
  if (!ns) return 'cluster-scoped: no NetworkPolicy applies';
  const policies = index.networkPolicies(ns);
  if (policies.length === 0) {
    return `namespace ${ns} has no NetworkPolicy: nothing restricts who reaches these pods, inside the cluster or out`;
  }
  const labelSets: Record<string, string>[] = [];
  if (object) {
    const own = podLabels(object.value);
    if (own) labelSets.push(own);
    else if (object.value.kind === 'Service') {
      for (const w of index.workloads(ns)) {
        const l = podLabels(w.value);
        if (l && mapSelectorMatches(object.value.spec?.selector, l)) labelSets.push(l);
      }
    }
  }
  const selecting = policies.filter((p) => {
    const types: unknown = p.value.spec?.policyTypes;
    const ingress = Array.isArray(types) ? types.includes('Ingress') : true;
    return ingress && labelSets.some((l) => selectorMatches(p.value.spec?.podSelector, l));
  });
  const names = (selecting.length ? selecting : policies).map((p) => p.ref.name).join(', ');
  if (selecting.length === 0) {
    return `no NetworkPolicy in ${ns} selects these pods (${names} select others): the port is open to all`;
  }
  if (f.rule === 'host-network' || f.rule === 'host-port' || f.rule === 'host-port-conflict') {
    return `bypasses ${names} in ${ns}: node-level ports are not subject to NetworkPolicy`;
  }
  if (
    f.rule === 'nodeport-service' ||
    f.rule === 'loadbalancer-node-ports' ||
    f.rule === 'external-ips'
  ) {
    return `weakens ${names} in ${ns}: traffic via nodes arrives from node IPs, so namespace and ipBlock rules cannot tell clients apart`;
  }
  return `selected by ${names} in ${ns}, which do not cover node-level access`;
}

function label(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

function collisionsOf(
  f: Finding,
  sameObject: readonly Finding[],
  tenantOf: TenantResolver,
): string[] {
  const out = new Set<string>();
  const sources = [
    f,
    ...sameObject.filter(
      (o) => o !== f && (o.rule === 'host-port-conflict' || o.rule === 'node-port-conflict'),
    ),
  ];
  for (const s of sources) {
    for (const r of s.related ?? []) {
      const tenant = tenantOf(r.object.namespace);
      out.add(`${tenant ? `tenant ${tenant}: ` : ''}${label(r.object)} ${r.message}`);
    }
  }
  return [...out];
}

function nodesOf(f: Finding, object: ManifestObject | undefined, index: ClusterIndex): string {
  const all = index.nodes;
  if (all.length === 0)
    return 'nodes are not visible to this scan (no permission to list Nodes, or files only)';
  if (!POD_SPEC_RULES.has(f.rule)) {
    return `all ${all.length} nodes: ${listNames(all.map((n) => n.ref.name))}`;
  }
  const spec = object ? findPodSpec(object.value)?.spec : undefined;
  if (!spec) return `up to ${all.length} nodes: ${listNames(all.map((n) => n.ref.name))}`;
  if (typeof spec.nodeName === 'string' && spec.nodeName) return `node ${spec.nodeName}`;
  const fit = all.filter((n) => schedulable(spec, n.value)).map((n) => n.ref.name);
  if (fit.length === 0)
    return `none of the ${all.length} nodes match its nodeSelector and tolerations`;
  const verb = object?.value.kind === 'DaemonSet' ? 'every one of' : 'any of';
  return `${verb} ${fit.length} node${fit.length === 1 ? '' : 's'}: ${listNames(fit)}`;
}

function listNames(names: string[]): string {
  const shown = names.slice(0, NODE_LIST_MAX).join(', ');
  return names.length > NODE_LIST_MAX ? `${shown} (+${names.length - NODE_LIST_MAX} more)` : shown;
}

/** nodeSelector labels and NoSchedule/NoExecute taints; affinity is not evaluated (it only narrows). */
function schedulable(spec: KubeObject, node: KubeObject): boolean {
  const labels = labelsOf(node);
  if (isObject(spec.nodeSelector)) {
    for (const [k, v] of Object.entries(spec.nodeSelector)) if (labels[k] !== v) return false;
  }
  const taints: unknown[] = Array.isArray(node.spec?.taints) ? node.spec.taints : [];
  const tolerations: unknown[] = Array.isArray(spec.tolerations) ? spec.tolerations : [];
  return taints.every((t) => {
    if (!isObject(t) || (t.effect !== 'NoSchedule' && t.effect !== 'NoExecute')) return true;
    return tolerations.some((tol) => tolerates(tol, t));
  });
}

function tolerates(tol: unknown, taint: Record<string, any>): boolean {
  if (!isObject(tol)) return false;
  if (tol.effect && tol.effect !== taint.effect) return false;
  if (tol.operator === 'Exists') return !tol.key || tol.key === taint.key;
  return tol.key === taint.key && (tol.value ?? '') === (taint.value ?? '');
}
