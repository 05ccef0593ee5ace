// Test helper: scan with the contract's exposure rules only, so TUI tests do not move when posture rules change.
import { rules, type ManifestObject } from '@portguard/core';
import { viewOf, type ClusterView } from '../../src/tui/findings-source.js';

export const EXPOSURE_RULES = rules.filter((r) =>
  [
    'host-port',
    'host-network',
    'host-pid',
    'host-ipc',
    'nodeport-service',
    'loadbalancer-node-ports',
    'external-ips',
    'host-port-conflict',
    'node-port-conflict',
  ].includes(r.meta.name),
);

export function exposureView(objects: ManifestObject[]): ClusterView {
  return viewOf(objects, { rules: EXPOSURE_RULES });
}
