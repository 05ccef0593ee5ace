// Pod templates in any CRD: the served CustomResourceDefinitions whose schema holds a pod spec where workloads keep one.
import { ApiError, type KubeClient } from './kube-client.js';
import type { ResourceKind } from './resource-kinds.js';

/** Where workload kinds keep their pod spec: Deployment-like and CronJob-like (OpenKruise, Knative, Argo…). */
const POD_SPEC_PATHS: readonly string[][] = [
  ['spec', 'template', 'spec'],
  ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
];

/** True when an OpenAPI v3 schema declares a property at `path` (through `properties`). */
function schemaHas(schema: any, path: readonly string[]): boolean {
  let node = schema;
  for (const key of path) {
    node = node?.properties?.[key];
    if (node === undefined || node === null) return false;
  }
  return true;
}

/** True when a CRD version's schema has a pod template at one of POD_SPEC_PATHS. */
export function hasPodTemplateSchema(schema: unknown): boolean {
  return POD_SPEC_PATHS.some((p) => schemaHas(schema, p));
}

/**
 * The kinds of served CRDs whose schema holds a pod template, at their storage version (else
 * the first served one). Without the right to list CRDs (403) or where they are not served (404),
 * none: the well-known kinds of resource-kinds.ts are still listed.
 */
export async function podTemplateCrdKinds(
  client: KubeClient,
  served: Set<string> | undefined,
): Promise<ResourceKind[]> {
  if (served && !served.has('apiextensions.k8s.io/v1')) return [];
  let list: any;
  try {
    list = await client.getJson('/apis/apiextensions.k8s.io/v1/customresourcedefinitions');
  } catch (e) {
    if (e instanceof ApiError && (e.code === 403 || e.code === 404)) return [];
    throw e;
  }
  const kinds: ResourceKind[] = [];
  for (const crd of Array.isArray(list?.items) ? list.items : []) {
    const spec = crd?.spec;
    if (typeof spec?.group !== 'string' || typeof spec?.names?.plural !== 'string') continue;
    const versions: any[] = (Array.isArray(spec.versions) ? spec.versions : []).filter(
      (v: any) => v?.served !== false && typeof v?.name === 'string',
    );
    const version = versions.find((v) => v.storage) ?? versions[0];
    if (!version) continue;
    const schema = version.schema?.openAPIV3Schema ?? spec.validation?.openAPIV3Schema;
    if (!hasPodTemplateSchema(schema)) continue;
    kinds.push({
      group: spec.group,
      version: version.name,
      kind: String(spec.names.kind),
      plural: spec.names.plural,
      namespaced: spec.scope !== 'Cluster',
      optional: true,
    });
  }
  return kinds;
}
