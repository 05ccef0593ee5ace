// OpenAPI v3 discovery, just enough for kubectl: each resource's PATCH accepts `fieldValidation`, so
// `kubectl apply` (validate=strict) leaves validation to the server instead of downloading schemas.
import { createHash } from 'node:crypto';
import type { ResourceType } from './resources.js';

const gvPath = (group: string, version: string) =>
  group ? `apis/${group}/${version}` : `api/${version}`;

function groupVersions(types: ResourceType[]): Map<string, ResourceType[]> {
  const out = new Map<string, ResourceType[]>();
  for (const t of types) {
    const key = gvPath(t.group, t.version);
    out.set(key, [...(out.get(key) ?? []), t]);
  }
  return out;
}

const QUERY = (name: string) => ({
  name,
  in: 'query',
  schema: { type: 'string', uniqueItems: true },
});

/**
 * The PATCH operation of one resource. Its request body lists no strategic merge patch, as for a
 * CRD: kubectl then builds its patch from its compiled-in types, not from schemas not served here.
 */
function patchOperation(t: ResourceType) {
  const body = { schema: { type: 'object' } };
  return {
    'x-kubernetes-group-version-kind': { group: t.group, version: t.version, kind: t.kind },
    'x-kubernetes-action': 'patch',
    parameters: [QUERY('dryRun'), QUERY('fieldManager'), QUERY('fieldValidation'), QUERY('force')],
    requestBody: {
      content: {
        'application/json-patch+json': body,
        'application/merge-patch+json': body,
        'application/apply-patch+yaml': body,
      },
    },
    responses: { '200': { description: 'OK' } },
  };
}

/** `GET /openapi/v3/<gv>`: the paths of that group-version, or undefined when it is not served. */
export function openApiV3Doc(types: ResourceType[], gv: string) {
  const here = groupVersions(types).get(gv);
  if (!here) return undefined;
  const paths: Record<string, unknown> = {};
  for (const t of here) {
    const base = `/${gvPath(t.group, t.version)}${t.namespaced ? '/namespaces/{namespace}' : ''}/${t.plural}`;
    paths[base] = {
      post: {
        'x-kubernetes-group-version-kind': { group: t.group, version: t.version, kind: t.kind },
        'x-kubernetes-action': 'post',
        parameters: [QUERY('dryRun'), QUERY('fieldManager'), QUERY('fieldValidation')],
        responses: { '201': { description: 'Created' } },
      },
    };
    paths[`${base}/{name}`] = { patch: patchOperation(t) };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths,
    components: { schemas: {} },
  };
}

/** `GET /openapi/v3`: where each group-version's document is, with a hash of its content. */
export function openApiV3Root(types: ResourceType[]) {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const gv of groupVersions(types).keys()) {
    const hash = createHash('sha512')
      .update(JSON.stringify(openApiV3Doc(types, gv)))
      .digest('hex')
      .toUpperCase();
    paths[gv] = { serverRelativeURL: `/openapi/v3/${gv}?hash=${hash}` };
  }
  return { paths };
}
