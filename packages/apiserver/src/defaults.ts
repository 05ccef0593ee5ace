// What a real API server fills in on create: a Service's clusterIP and node ports, a running pod's ready containers.
import type { KubeObject } from './store.js';

const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;

/** Allocates cluster IPs and node ports the way kube-apiserver's allocators do (first free). */
export class Allocators {
  private nextIp = 1;
  private readonly usedPorts = new Set<number>();

  /** Records the ports of an object being loaded, so later allocations avoid them. */
  reserve(obj: KubeObject): void {
    if (obj.kind !== 'Service' || obj.apiVersion !== 'v1') return;
    for (const p of obj.spec?.ports ?? [])
      if (typeof p?.nodePort === 'number') this.usedPorts.add(p.nodePort);
  }

  /**
   * Fills what the server would: clusterIP for a Service, nodePort where its type opens one.
   * Returns a function that frees the node ports it took (for a create that does not happen).
   */
  apply(obj: KubeObject): () => void {
    const taken: number[] = [];
    if (obj.apiVersion === 'v1' && obj.kind === 'Service') this.service(obj, taken);
    if (obj.apiVersion === 'v1' && obj.kind === 'Pod') runningPod(obj);
    return () => {
      for (const p of taken) this.usedPorts.delete(p);
    };
  }

  private service(obj: KubeObject, taken: number[]) {
    const spec = (obj.spec ??= {});
    const type = spec.type ?? 'ClusterIP';
    if (type !== 'ExternalName' && spec.clusterIP === undefined) {
      const n = this.nextIp++;
      spec.clusterIP = `10.96.${Math.floor(n / 254) % 256}.${(n % 254) + 1}`;
    }
    const opens =
      type === 'NodePort' ||
      (type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
    if (!opens) return;
    for (const p of spec.ports ?? []) {
      if (!p || typeof p !== 'object' || p.nodePort !== undefined) continue;
      let port = NODE_PORT_MIN;
      while (this.usedPorts.has(port) && port <= NODE_PORT_MAX) port++;
      if (port > NODE_PORT_MAX) return;
      this.usedPorts.add(port);
      taken.push(port);
      p.nodePort = port;
    }
  }
}

/** A pod the state calls Running gets ready container statuses, as the kubelet would report. */
function runningPod(obj: KubeObject) {
  if (obj.status?.phase !== 'Running' || obj.status.containerStatuses) return;
  obj.status.containerStatuses = (obj.spec?.containers ?? []).map((c: any) => ({
    name: c?.name,
    ready: true,
    restartCount: 0,
    image: c?.image,
    started: true,
  }));
}
