// Object identity and the places where pod specs live inside workloads.
import type { KubeObject, ManifestObject, ObjectRef, PathSegment } from './types.js';

export function refOf(obj: KubeObject): ObjectRef {
  const md = isObject(obj.metadata) ? obj.metadata : {};
  const ref: ObjectRef = {
    apiVersion: String(obj.apiVersion ?? ''),
    kind: String(obj.kind ?? ''),
    name:
      typeof md.name === 'string'
        ? md.name
        : typeof md.generateName === 'string'
          ? `${md.generateName}*`
          : '',
  };
  if (typeof md.namespace === 'string' && md.namespace) ref.namespace = md.namespace;
  return ref;
}

/** `Deployment team-a/web`, or `Deployment web` without a namespace: how messages name objects. */
export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

export function isObject(v: unknown): v is Record<string, any> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A pod spec found inside an object, with the path to it and to its pod template's metadata. */
export interface PodSpecLocation {
  spec: KubeObject;
  path: PathSegment[];
  /** Path of the metadata whose labels the pods get (pod's own, or the template's). */
  metadataPath: PathSegment[];
}

const CANDIDATES: Array<{ spec: PathSegment[]; metadata: PathSegment[] }> = [
  { spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  {
    spec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
    metadata: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
  },
  { spec: ['template', 'spec'], metadata: ['template', 'metadata'] },
];

/**
 * Finds the pod spec of any workload: Pod, PodTemplate, the built-in controllers, CronJob, and any
 * custom resource that embeds `spec.template.spec` or `spec.jobTemplate.spec.template.spec`.
 */
export function findPodSpec(obj: KubeObject): PodSpecLocation | undefined {
  if (obj.kind === 'Pod' && isObject(obj.spec)) {
    return { spec: obj.spec, path: ['spec'], metadataPath: ['metadata'] };
  }
  for (const c of CANDIDATES) {
    const spec = get(obj, c.spec);
    if (isPodSpec(spec)) return { spec, path: c.spec, metadataPath: c.metadata };
  }
  return undefined;
}

function isPodSpec(v: unknown): v is KubeObject {
  return (
    isObject(v) &&
    (Array.isArray(v.containers) || 'hostNetwork' in v || 'hostPID' in v || 'hostIPC' in v)
  );
}

function get(obj: unknown, path: PathSegment[]): unknown {
  let cur: any = obj;
  for (const s of path) {
    if (!isObject(cur) && !Array.isArray(cur)) return undefined;
    cur = (cur as any)[s];
  }
  return cur;
}

export const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/** A container of a pod spec with the path to it. */
export interface ContainerLocation {
  container: KubeObject;
  path: PathSegment[];
  list: (typeof CONTAINER_LISTS)[number];
}

export function containersOf(loc: PodSpecLocation): ContainerLocation[] {
  const out: ContainerLocation[] = [];
  for (const list of CONTAINER_LISTS) {
    const items = loc.spec[list];
    if (!Array.isArray(items)) continue;
    items.forEach((container, i) => {
      if (isObject(container)) out.push({ container, path: [...loc.path, list, i], list });
    });
  }
  return out;
}

export function isService(o: ManifestObject): boolean {
  return (
    o.value.kind === 'Service' && (o.value.apiVersion === 'v1' || o.value.apiVersion === undefined)
  );
}

export function annotationsOf(obj: KubeObject): Record<string, string> {
  const a = obj.metadata?.annotations;
  return isObject(a) ? (a as Record<string, string>) : {};
}

export function labelsOf(obj: KubeObject): Record<string, string> {
  const l = obj.metadata?.labels;
  return isObject(l) ? (l as Record<string, string>) : {};
}
