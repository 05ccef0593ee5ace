// AdmissionReview requests for the review() tables: pods and Services as the API server sends them.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseManifests, type ManifestObject } from '@portguard/core';

const here = dirname(fileURLToPath(import.meta.url));
export const CLUSTER_FILE = join(here, 'fixtures/cluster.yaml');

/** The fixture cluster as a live snapshot (origin cluster: object annotations are not trusted). */
export function clusterObjects(): ManifestObject[] {
  return parseManifests(readFileSync(CLUSTER_FILE, 'utf8'), CLUSTER_FILE).objects.map((o) => ({
    value: o.value,
    ref: o.ref,
    origin: 'cluster' as const,
  }));
}

export function pod(
  namespace: string,
  name: string,
  ports: Record<string, unknown>[] = [],
  extra: Record<string, unknown> = {},
): Record<string, any> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace },
    spec: { ...extra, containers: [{ name: 'app', image: 'nginx', ports }] },
  };
}

export function nodePortService(
  namespace: string,
  name: string,
  nodePort?: number,
): Record<string, any> {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: {
      type: 'NodePort',
      selector: { app: name },
      ports: [{ port: 80, ...(nodePort ? { nodePort } : {}) }],
    },
  };
}

/** An AdmissionReview as the API server posts it. */
export function admissionReview(
  object: Record<string, any> | undefined,
  operation = 'CREATE',
  uid = 'uid-1',
): Record<string, any> {
  const kind = object?.kind ?? 'Pod';
  const [group, version] = String(object?.apiVersion ?? 'v1').includes('/')
    ? String(object!.apiVersion).split('/')
    : ['', String(object?.apiVersion ?? 'v1')];
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid,
      kind: { group, version, kind },
      resource: { group, version, resource: `${kind.toLowerCase()}s` },
      namespace: object?.metadata?.namespace,
      name: object?.metadata?.name,
      operation,
      userInfo: { username: 'alice' },
      object,
      dryRun: false,
    },
  };
}
