// The registry: every rule portguard runs, in the order `rules` lists them.
import type { Rule } from './define-rule.js';
import hostPort from './host-port.js';
import hostNetwork from './host-network.js';
import hostPid from './host-pid.js';
import hostIpc from './host-ipc.js';
import nodeportService from './nodeport-service.js';
import loadbalancerNodePorts from './loadbalancer-node-ports.js';
import externalIps from './external-ips.js';
import hostPortConflict from './host-port-conflict.js';
import nodePortConflict from './node-port-conflict.js';
import namespaceWithoutPodSecurity from './namespace-without-pod-security.js';
import serviceExposureUnrestricted from './service-exposure-unrestricted.js';

/** Rules about what one workload or Service exposes, or two of them collide on: the contract's table. */
export const exposureRules: readonly Rule[] = [
  hostPort,
  hostNetwork,
  hostPid,
  hostIpc,
  nodeportService,
  loadbalancerNodePorts,
  externalIps,
  hostPortConflict,
  nodePortConflict,
];

/** Rules about the cluster's defences: namespaces' Pod Security, admission control. */
export const postureRules: readonly Rule[] = [
  namespaceWithoutPodSecurity,
  serviceExposureUnrestricted,
];

export const rules: readonly Rule[] = [...exposureRules, ...postureRules];

export function findRule(name: string): Rule | undefined {
  return rules.find((r) => r.meta.name === name);
}
