// The HTTP front a remediation puts before a Service: an Ingress, or an HTTPRoute on the shared Gateway.
import type { KubeObject } from '../types.js';
import { freeName, type FixContext } from './context.js';
import { buildHttpRoute, buildIngress } from './render-objects.js';

/** A Service port an HTTP front can route to. */
export interface HttpPort {
  name?: string;
  port: number;
}

/** Why `--to gateway` cannot be built without a Gateway: said on stderr, documented in docs/fix.md. */
export const NO_GATEWAY_REASON =
  'no shared Gateway is named, so an HTTPRoute has nothing to attach to: give --gateway NS/NAME or set gateway: in .portguard.yaml';

/**
 * The Ingress (`target: 'ingress'`) or HTTPRoute (`'gateway'`) that serves `serviceName` on
 * `port`, named apart from the file's objects of its kind; a string says why there is none.
 */
export function httpFront(
  ctx: FixContext,
  target: 'ingress' | 'gateway',
  serviceName: string,
  port: HttpPort | undefined,
): { name: string; object: KubeObject } | string {
  const what = target === 'ingress' ? 'an Ingress' : 'an HTTPRoute';
  if (!port) return `no port is HTTP-like, so ${what} cannot serve it`;
  const gateway = ctx.options.gateway;
  if (target === 'gateway' && !gateway) return NO_GATEWAY_REASON;
  const namespace = ctx.object.ref.namespace;
  const host = ctx.options.host ?? `${serviceName}.example.com`;
  if (target === 'ingress') {
    const name = freeName(ctx, 'Ingress', serviceName);
    const object = buildIngress({
      name,
      namespace,
      serviceName,
      servicePort: port.name ?? port.port,
      host,
      ingressClassName: ctx.options.ingressClassName,
    });
    return { name, object };
  }
  const name = freeName(ctx, 'HTTPRoute', serviceName);
  const object = buildHttpRoute({
    name,
    namespace,
    gateway: gateway!,
    serviceName,
    servicePort: port.port,
    host,
  });
  return { name, object };
}
