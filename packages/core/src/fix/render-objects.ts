// Builds the Service, Ingress and HTTPRoute a remediation adds, and renders them in the file's own style.
import { stringify } from 'yaml';
import type { KubeObject } from '../types.js';
import type { TextStyle } from './text-style.js';

/** One port of a new Service. */
export interface ServicePortSpec {
  name?: string;
  port: number;
  targetPort: string | number;
  protocol: string;
}

export interface ServiceSpec {
  name: string;
  namespace?: string;
  selector: Record<string, string>;
  ports: ServicePortSpec[];
  loadBalancer: boolean;
}

export function buildService(s: ServiceSpec): KubeObject {
  const metadata: KubeObject = { name: s.name };
  if (s.namespace) metadata.namespace = s.namespace;
  const spec: KubeObject = {};
  if (s.loadBalancer) {
    spec.type = 'LoadBalancer';
    spec.allocateLoadBalancerNodePorts = false;
  }
  spec.selector = { ...s.selector };
  spec.ports = s.ports.map((p) => {
    const out: KubeObject = {};
    if (p.name) out.name = p.name;
    out.port = p.port;
    out.targetPort = p.targetPort;
    if (p.protocol !== 'TCP') out.protocol = p.protocol;
    return out;
  });
  return { apiVersion: 'v1', kind: 'Service', metadata, spec };
}

export interface IngressSpec {
  name: string;
  namespace?: string;
  serviceName: string;
  /** The Service port to route to, by name when it has one. */
  servicePort: string | number;
  host: string;
  ingressClassName?: string;
}

export function buildIngress(s: IngressSpec): KubeObject {
  const metadata: KubeObject = { name: s.name };
  if (s.namespace) metadata.namespace = s.namespace;
  const spec: KubeObject = {};
  if (s.ingressClassName) spec.ingressClassName = s.ingressClassName;
  spec.rules = [
    {
      host: s.host,
      http: {
        paths: [
          {
            path: '/',
            pathType: 'Prefix',
            backend: {
              service: {
                name: s.serviceName,
                port:
                  typeof s.servicePort === 'string'
                    ? { name: s.servicePort }
                    : { number: s.servicePort },
              },
            },
          },
        ],
      },
    },
  ];
  return { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata, spec };
}

export interface HttpRouteSpec {
  name: string;
  namespace?: string;
  /** The shared Gateway it attaches to. */
  gateway: { name: string; namespace?: string };
  serviceName: string;
  /** Gateway API's backendRefs take the Service port by number only. */
  servicePort: number;
  host: string;
}

/** A `gateway.networking.k8s.io/v1` HTTPRoute sending every path of `host` to the Service. */
export function buildHttpRoute(s: HttpRouteSpec): KubeObject {
  const metadata: KubeObject = { name: s.name };
  if (s.namespace) metadata.namespace = s.namespace;
  const parent: KubeObject = { name: s.gateway.name };
  if (s.gateway.namespace) parent.namespace = s.gateway.namespace;
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata,
    spec: {
      parentRefs: [parent],
      hostnames: [s.host],
      rules: [
        // No matches: Gateway API's default is every path (PathPrefix /), as the Ingress's `/`.
        { backendRefs: [{ name: s.serviceName, port: s.servicePort }] },
      ],
    },
  };
}

/**
 * Renders objects as YAML documents in the file's indentation and line endings, each but the
 * first preceded by `---`; `comment` opens the first one (why portguard added it).
 */
export function renderDocuments(
  objects: readonly KubeObject[],
  style: TextStyle,
  comment: string,
): string {
  const docs = objects.map((o) =>
    stringify(o, { indent: style.indent, indentSeq: style.indentSeq, lineWidth: 0 }),
  );
  const text = `# ${comment}\n${docs.join('---\n')}`;
  return style.eol === '\n' ? text : text.replace(/\n/g, style.eol);
}

/** Renders an object as JSON in the file's indentation (lines joined with `\n`). */
export function renderJson(object: KubeObject, style: TextStyle): string {
  return JSON.stringify(object, null, style.indent);
}
