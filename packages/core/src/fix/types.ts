// The shapes the fix engine hands to the CLI and the language server: offset edits and suggestions.

/** Replace the original text in `[range[0], range[1])` with `text`; offsets are into the ORIGINAL file. */
export interface TextEdit {
  range: [number, number];
  text: string;
}

/**
 * What an exposed port is turned into: a ClusterIP Service, Service + Ingress, a LoadBalancer, or
 * Service + a Gateway API HTTPRoute attached to a shared Gateway.
 */
export type RemediationTarget = 'service' | 'ingress' | 'loadbalancer' | 'gateway';

export const REMEDIATION_TARGETS: readonly RemediationTarget[] = [
  'service',
  'ingress',
  'loadbalancer',
  'gateway',
];

/** The shared Gateway an HTTPRoute attaches to (`parentRefs`); no namespace: the route's own. */
export interface GatewayRef {
  name: string;
  namespace?: string;
}

/**
 * One way to remediate one finding. `kind: 'fix'` cannot change how the workload behaves (the
 * ignore annotation); `'suggestion'` might (a new Service changes how clients reach the pod).
 */
export interface FixSuggestion {
  /** Stable, e.g. `host-port/service`; the language server matches on it, never on the title. */
  id: string;
  /** The rule whose finding it fixes. */
  rule: string;
  /** e.g. `Replace hostPort 8080 with a ClusterIP Service "web"`. */
  title: string;
  kind: 'fix' | 'suggestion';
  /** The one a user most likely wants (the `service` target); editors mark it as preferred. */
  isPreferred?: boolean;
  /** The target it implements, where the rule has several. */
  target?: RemediationTarget;
  edits: TextEdit[];
}

export interface FixOptions {
  /** Which remediation to build; without it `fixesFor` returns every variant. */
  to?: RemediationTarget;
  /** `spec.ingressClassName` of a new Ingress; omitted (the cluster's default class) when unset. */
  ingressClassName?: string;
  /** Host of a new Ingress rule or HTTPRoute; a placeholder `<service>.example.com` when unset. */
  host?: string;
  /** The shared Gateway of the `gateway` target; without it that target cannot be built. */
  gateway?: GatewayRef;
}
