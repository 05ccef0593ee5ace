// The settings a `.portguard.yaml` can change, and their defaults.
import type { Severity } from '../types.js';

export interface Exemption {
  namespace?: string;
  kind?: string;
  name?: string;
  /** Rules this exemption covers; all rules when absent. */
  rules?: string[];
  reason: string;
}

export interface PortguardConfig {
  /** Per-rule severity, or `off`. */
  rules: Record<string, Severity | 'off'>;
  exemptions: Exemption[];
  /** Namespace label keys whose value names the tenant; the first present wins. */
  tenantLabels: string[];
  /** Namespaces of the platform itself (ingress controllers, CNIs), reported apart. */
  systemNamespaces: string[];
  /** The file this came from, for messages. */
  file?: string;
}

/**
 * Labels that Capsule and the Stakater Multi-Tenant Operator put on tenant namespaces, then HNC's
 * `<root>.tree.hnc.x-k8s.io/depth` labels (the entry `tree.hnc.x-k8s.io/depth`, see tenants.ts).
 */
export const DEFAULT_TENANT_LABELS = [
  'capsule.clastix.io/tenant',
  'stakater.com/tenant',
  'tree.hnc.x-k8s.io/depth',
];

export const DEFAULT_SYSTEM_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease'];

export function defaultConfig(): PortguardConfig {
  return {
    rules: {},
    exemptions: [],
    tenantLabels: [...DEFAULT_TENANT_LABELS],
    systemNamespaces: [...DEFAULT_SYSTEM_NAMESPACES],
  };
}
