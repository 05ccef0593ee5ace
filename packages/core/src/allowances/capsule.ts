// Capsule `Tenant` objects (capsule.clastix.io): which Services a tenant may create and its allowed externalIPs.
import { isObject, labelsOf } from '../objects.js';
import type { ManifestObject } from '../types.js';

export const CAPSULE_GROUP = 'capsule.clastix.io';
/** The label Capsule puts on each namespace of a tenant; its value is the Tenant's name. */
export const CAPSULE_TENANT_LABEL = 'capsule.clastix.io/tenant';

/** What portguard reads of one Tenant's `spec.serviceOptions`. */
export interface CapsuleTenant {
  name: string;
  /** `allowedServices.nodePort: false`: the tenant may not create NodePort Services. */
  forbidsNodePort: boolean;
  /** `allowedServices.loadBalancer: false`: the tenant may not create LoadBalancer Services. */
  forbidsLoadBalancer: boolean;
  /** `externalIPs.allowed`: CIDRs the tenant's Services may claim; undefined when not set. */
  externalIPs?: string[];
  object: ManifestObject;
}

/** True for a Capsule `Tenant` of any served version (v1beta2 today, v1beta1 before it). */
export function isCapsuleTenant(o: ManifestObject): boolean {
  return (
    o.value.kind === 'Tenant' &&
    typeof o.value.apiVersion === 'string' &&
    o.value.apiVersion.startsWith(`${CAPSULE_GROUP}/`)
  );
}

function readTenant(o: ManifestObject): CapsuleTenant {
  const opts = isObject(o.value.spec?.serviceOptions) ? o.value.spec.serviceOptions : {};
  const services = isObject(opts.allowedServices) ? opts.allowedServices : {};
  const allowed = isObject(opts.externalIPs) ? opts.externalIPs.allowed : undefined;
  const tenant: CapsuleTenant = {
    name: o.ref.name,
    forbidsNodePort: services.nodePort === false,
    forbidsLoadBalancer: services.loadBalancer === false,
    object: o,
  };
  if (Array.isArray(allowed))
    tenant.externalIPs = allowed.filter((c): c is string => typeof c === 'string' && c !== '');
  return tenant;
}

/** The Tenant a Namespace's ownerReferences name (Capsule makes the Tenant its owner). */
function ownerTenant(ns: ManifestObject): string | undefined {
  const refs = ns.value.metadata?.ownerReferences;
  if (!Array.isArray(refs)) return undefined;
  const ref = refs.find(
    (r) =>
      isObject(r) &&
      r.kind === 'Tenant' &&
      typeof r.apiVersion === 'string' &&
      r.apiVersion.startsWith(`${CAPSULE_GROUP}/`),
  );
  return typeof ref?.name === 'string' ? ref.name : undefined;
}

/**
 * namespace → its Capsule Tenant: from the `capsule.clastix.io/tenant` label Capsule sets on
 * each Namespace, its ownerReference to the Tenant, and the Tenant's `status.namespaces`
 * (live clusters have all three).
 */
export function capsuleTenantsByNamespace(
  objects: readonly ManifestObject[],
): Map<string, CapsuleTenant> {
  const tenants = new Map<string, CapsuleTenant>();
  for (const o of objects)
    if (isCapsuleTenant(o) && o.ref.name) tenants.set(o.ref.name, readTenant(o));
  const out = new Map<string, CapsuleTenant>();
  if (tenants.size === 0) return out;
  for (const t of tenants.values()) {
    const listed = t.object.value.status?.namespaces;
    if (Array.isArray(listed)) for (const ns of listed) if (typeof ns === 'string') out.set(ns, t);
  }
  for (const o of objects) {
    if (o.value.kind !== 'Namespace' || !o.ref.name) continue;
    const owner = ownerTenant(o);
    const t = tenants.get(labelsOf(o.value)[CAPSULE_TENANT_LABEL]) ?? (owner && tenants.get(owner));
    if (t) out.set(o.ref.name, t);
  }
  return out;
}
