// The nine rules of the contract's rule table (../shared/contract.md), which these tests pin down.
export const CONTRACT_RULES: readonly string[] = [
  'host-port',
  'host-network',
  'host-pid',
  'host-ipc',
  'nodeport-service',
  'loadbalancer-node-ports',
  'external-ips',
  'host-port-conflict',
  'node-port-conflict',
];
