// Reads the shared Gateway of `--to gateway`: `NS/NAME` (or `NAME`) from the CLI or `.portguard.yaml`.
import type { GatewayRef } from '../fix/types.js';

/** A DNS-1123 subdomain, as Kubernetes names of Gateways and namespaces are. */
const NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/**
 * Parses `infra/shared` into `{ namespace: 'infra', name: 'shared' }` (`shared` alone: the route's
 * own namespace); a string is the problem, for a one-line error.
 * @example parseGatewayRef('gateway-system/shared')
 */
export function parseGatewayRef(text: string): GatewayRef | string {
  const parts = text.trim().split('/');
  if (parts.length > 2 || parts.some((p) => !NAME.test(p)))
    return `bad Gateway ${JSON.stringify(text)} (expected NAMESPACE/NAME or NAME, lower-case DNS names)`;
  return parts.length === 2 ? { namespace: parts[0], name: parts[1] } : { name: parts[0] };
}
