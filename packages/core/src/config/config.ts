// The settings a `.portguard.yaml` can change, and their defaults.
import type { PortRange } from '../allowances/port-range.js';
import type { GatewayRef } from '../fix/types.js';
import type { Severity } from '../types.js';

export interface Exemption {
  namespace?: string;
  kind?: string;
  name?: string;
  /**
   * A container image glob (`safeimages.com/*`): covers only findings about one container
   * (host-port), as Gatekeeper's `exemptImages` do; a pod-wide finding (host-network) stays.
   */
  image?: string;
  /** Rules this exemption covers; all rules when absent. */
  rules?: string[];
  reason: string;
}

/**
 * Host ports and node ports a tenant (or the namespaces a pattern names) may use: inside them a
 * host-port, nodeport-service or loadbalancer-node-ports finding is suppressed with the reason.
 */
export interface Allowance {
  /** A tenant name or `*` glob, as `tenantLabels` resolve namespaces to tenants. */
  tenant?: string;
  /** A namespace name or `*` glob; exactly one of tenant and namespace is set. */
  namespace?: string;
  hostPorts: PortRange[];
  nodePorts: PortRange[];
  reason: string;
  /** `.portguard.yaml:4`: where the allowance is written, for messages and the TUI. */
  origin: string;
}

export interface PortguardConfig {
  /** Per-rule severity, or `off`. */
  rules: Record<string, Severity | 'off'>;
  exemptions: Exemption[];
  /** Per-tenant or per-namespace port allowances (`allow:`). */
  allow: Allowance[];
  /** Namespace label keys whose value names the tenant; the first present wins. */
  tenantLabels: string[];
  /** Namespaces of the platform itself (ingress controllers, CNIs), reported apart. */
  systemNamespaces: string[];
  /** The shared Gateway that `fix --to gateway` attaches HTTPRoutes to (`gateway: NS/NAME`). */
  gateway?: GatewayRef;
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
    allow: [],
    tenantLabels: [...DEFAULT_TENANT_LABELS],
    systemNamespaces: [...DEFAULT_SYSTEM_NAMESPACES],
  };
}
