// Which node ports a workload binds, and whether two workloads can land on the same node.
import { containersOf, findPodSpec, isObject } from './objects.js';
import { portNumber, protocolOf, specificHostIP } from './port-number.js';
import type { KubeObject, ManifestObject, PathSegment } from './types.js';

export interface HostPortUse {
  object: ManifestObject;
  path: PathSegment[];
  port: number;
  protocol: string;
  hostIP?: string;
  podSpec: KubeObject;
}

/**
 * Every hostPort a workload binds. A hostNetwork pod binds each declared containerPort on the
 * node (the API server fills hostPort from containerPort), so those count too.
 */
export function hostPortsOf(object: ManifestObject): HostPortUse[] {
  const pod = findPodSpec(object.value);
  if (!pod) return [];
  const hostNetwork = pod.spec.hostNetwork === true;
  const out: HostPortUse[] = [];
  for (const { container, path } of containersOf(pod)) {
    if (!Array.isArray(container.ports)) continue;
    container.ports.forEach((p: unknown, i: number) => {
      if (!isObject(p)) return;
      const hostPort = portNumber(p.hostPort);
      const port = hostPort ?? (hostNetwork ? portNumber(p.containerPort) : undefined);
      if (port === undefined) return;
      out.push({
        object,
        path: [...path, 'ports', i, hostPort !== undefined ? 'hostPort' : 'containerPort'],
        port,
        protocol: protocolOf(p.protocol),
        hostIP: specificHostIP(p.hostIP),
        podSpec: pod.spec,
      });
    });
  }
  return out;
}

/**
 * False only when the two pods provably never share a node: pinned to different nodes, node
 * selectors that disagree on a label, or bound to different specific host IPs.
 */
export function nodesCanOverlap(a: HostPortUse, b: HostPortUse): boolean {
  if (a.hostIP && b.hostIP && a.hostIP !== b.hostIP) return false;
  const na = a.podSpec.nodeName;
  const nb = b.podSpec.nodeName;
  if (typeof na === 'string' && typeof nb === 'string' && na !== nb) return false;
  const sa = isObject(a.podSpec.nodeSelector) ? a.podSpec.nodeSelector : {};
  const sb = isObject(b.podSpec.nodeSelector) ? b.podSpec.nodeSelector : {};
  for (const key of Object.keys(sa)) {
    if (key in sb && String(sa[key]) !== String(sb[key])) return false;
  }
  return true;
}
