// One line per rule: what to do instead, as the webhook's warnings and denials say it.

const FIX = 'kubectl portguard fix -f <file>';

const REMEDIATIONS: Record<string, string> = {
  'host-port': `use a ClusterIP Service behind an Ingress instead of hostPort: ${FIX}`,
  'host-network': `drop hostNetwork and expose the ports through a ClusterIP Service: ${FIX}`,
  'host-pid': 'drop hostPID: true, with it the pod sees every process of the node',
  'host-ipc': "drop hostIPC: true, with it the pod shares the node's IPC namespace",
  'nodeport-service': `use a ClusterIP Service behind an Ingress: ${FIX} --to ingress`,
  'loadbalancer-node-ports': `set allocateLoadBalancerNodePorts: false: ${FIX}`,
  'external-ips': `drop spec.externalIPs (CVE-2020-8554) and use a LoadBalancer Service: ${FIX}`,
  'host-port-conflict': `pick a hostPort no other tenant uses, or a ClusterIP Service: ${FIX}`,
  'node-port-conflict':
    'pick a free nodePort, or leave nodePort out and let the API server allocate one',
};

/** The remediation of `rule` in one line; `kubectl portguard explain RULE` for a rule without one. */
export function remediationOf(rule: string): string {
  return REMEDIATIONS[rule] ?? `see kubectl portguard explain ${rule}`;
}
