// Per scan: which allowances apply to an object's namespace, and whether a port or address is inside them.
import type { Allowance, PortguardConfig } from '../config/config.js';
import { allowanceSubject } from '../config/read-allowances.js';
import { globMatch } from '../suppression.js';
import type { AllowanceNote, ManifestObject } from '../types.js';
import { capsuleTenantsByNamespace, type CapsuleTenant } from './capsule.js';
import { cidrContains } from './cidr.js';
import { formatPortRange, rangeContains } from './port-range.js';

export type PortKind = 'hostPorts' | 'nodePorts';

/** What rules ask about tenant allowances; every answer is undefined where none applies. */
export interface AllowanceLookup {
  /** The config allowances of `kind` for the object's namespace, judged for one port. */
  port(
    object: ManifestObject,
    kind: PortKind,
    port: number,
    protocol: string,
  ): AllowanceNote | undefined;
  /** The Capsule Tenant of the object's namespace, if there is one. */
  capsuleTenant(object: ManifestObject): CapsuleTenant | undefined;
  /** The Tenant's `externalIPs.allowed`, judged for every address of a Service. */
  externalIPs(
    object: ManifestObject,
    ips: readonly string[],
  ): { note: AllowanceNote; outside: string[] } | undefined;
}

/** `Tenant shop`: how messages name a Capsule Tenant. */
export function tenantOrigin(t: CapsuleTenant): string {
  return `Tenant ${t.name}`;
}

/**
 * Built once per scan. An object without a namespace is in `defaultNamespace` (the `-n` given,
 * else `default`), where kubectl would create it. A `tenant:` allowance matches the namespace's
 * tenant by `tenantLabels` (a namespace without one is its own tenant) or by its Capsule Tenant.
 */
export function allowanceLookup(
  objects: readonly ManifestObject[],
  config: PortguardConfig,
  tenantOf: (namespace: string | undefined) => string | undefined,
  defaultNamespace = 'default',
): AllowanceLookup {
  const capsule = capsuleTenantsByNamespace(objects);
  const nsOf = (o: ManifestObject) => o.ref.namespace ?? defaultNamespace;
  const cache = new Map<string, Allowance[]>();
  const applying = (ns: string): Allowance[] => {
    let list = cache.get(ns);
    if (list) return list;
    const tenants = [tenantOf(ns), capsule.get(ns)?.name].filter((t): t is string => !!t);
    list = config.allow.filter((a) =>
      a.tenant !== undefined
        ? tenants.some((t) => globMatch(a.tenant!, t))
        : globMatch(a.namespace!, ns),
    );
    cache.set(ns, list);
    return list;
  };
  return {
    port(object, kind, port, protocol) {
      const list = applying(nsOf(object)).filter((a) => a[kind].length > 0);
      if (list.length === 0) return undefined;
      const hit = list.find((a) => a[kind].some((r) => rangeContains(r, port, protocol)));
      if (hit)
        return {
          inside: true,
          text: allowedText([hit], kind),
          reason: hit.reason,
          origin: hit.origin,
        };
      return {
        inside: false,
        text: allowedText(list, kind),
        reason: list.map((a) => a.reason).join('; '),
        origin: list.map((a) => a.origin).join(', '),
      };
    },
    capsuleTenant: (object) => capsule.get(nsOf(object)),
    externalIPs(object, ips) {
      const t = capsule.get(nsOf(object));
      if (!t?.externalIPs) return undefined;
      const outside = ips.filter((ip) => !t.externalIPs!.some((c) => cidrContains(c, ip)));
      const allowed = t.externalIPs.length ? t.externalIPs.join(', ') : 'none';
      const note: AllowanceNote = {
        inside: outside.length === 0,
        text: `${tenantOrigin(t)}'s allowed ${allowed}`,
        reason: `${tenantOrigin(t)} allows externalIPs in ${allowed} (spec.serviceOptions.externalIPs.allowed)`,
        origin: tenantOrigin(t),
      };
      return { note, outside };
    },
  };
}

/** `tenant shop's allowed 8080, 9000-9100 or namespace team-*'s allowed 53/UDP`. */
function allowedText(list: readonly Allowance[], kind: PortKind): string {
  const bySubject = new Map<string, string[]>();
  for (const a of list) {
    const s = allowanceSubject(a);
    bySubject.set(s, [...(bySubject.get(s) ?? []), ...a[kind].map(formatPortRange)]);
  }
  return [...bySubject].map(([s, ranges]) => `${s}'s allowed ${ranges.join(', ')}`).join(' or ');
}
