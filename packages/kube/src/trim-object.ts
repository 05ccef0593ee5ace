// What a scan keeps of a controller-run Pod: the fields the rules, suppression, tenants, allowances, posture and collapse read.
import { isObject, type KubeObject } from '@portguard/core';

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/**
 * Container fields nothing of portguard reads (rules read name, image, ports; the TUI's
 * remediation is of the controller, not of its pods). Unknown fields are kept.
 */
const CONTAINER_DROPPED = [
  'env',
  'envFrom',
  'volumeMounts',
  'volumeDevices',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'resources',
  'resizePolicy',
  'lifecycle',
  'command',
  'args',
  'workingDir',
  'terminationMessagePath',
  'terminationMessagePolicy',
  'imagePullPolicy',
  'stdin',
  'stdinOnce',
  'tty',
];

/**
 * Pod spec fields nothing reads. Kept: hostNetwork/PID/IPC, containers, nodeName, nodeSelector,
 * affinity and tolerations (conflict overlap, the TUI's nodes), securityContext and the rest.
 */
const POD_SPEC_DROPPED = [
  'volumes',
  'imagePullSecrets',
  'dnsConfig',
  'dnsPolicy',
  'hostAliases',
  'readinessGates',
  'schedulingGates',
  'resourceClaims',
  'overhead',
  'resources',
  'topologySpreadConstraints',
  'terminationGracePeriodSeconds',
  'activeDeadlineSeconds',
  'restartPolicy',
  'schedulerName',
  'serviceAccountName',
  'serviceAccount',
  'automountServiceAccountToken',
  'enableServiceLinks',
  'preemptionPolicy',
  'priority',
  'priorityClassName',
  'runtimeClassName',
  'setHostnameAsFQDN',
  'hostname',
  'subdomain',
];

/** Metadata the API server keeps for itself: nothing of portguard reads it. */
const METADATA_DROPPED = [
  'managedFields',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'generation',
  'resourceVersion',
  'finalizers',
  'selfLink',
];

/** The annotations read of an object of the cluster: portguard's own (`portguard.dev/ignore`…). */
const KEPT_ANNOTATION = /^portguard\.dev\//;

/**
 * How much of each object is kept: `rules` (a scan whose objects only the rules read: every Pod
 * trimmed) or `view` (watches, whose objects the TUI also renders as YAML to apply: only Pods
 * run by a controller are trimmed, as they are never re-applied).
 */
export type Keep = 'rules' | 'view';

/** Whether `keep` trims this Pod. */
export function trimsPod(value: KubeObject, keep: Keep): boolean {
  return value.kind === 'Pod' && (keep === 'rules' || isControlledPod(value));
}

/** A Pod run by a controller: it is reported through that controller and never re-applied. */
export function isControlledPod(value: KubeObject): boolean {
  const refs = value.metadata?.ownerReferences;
  return value.kind === 'Pod' && Array.isArray(refs) && refs.some((r) => r?.controller === true);
}

/** `o` without the keys of `dropped`, as a new object (`delete` would leave a slow, bigger dictionary). */
function without(o: Record<string, any>, dropped: ReadonlySet<string>): Record<string, any> {
  const out: Record<string, any> = {};
  for (const k of Object.keys(o)) if (!dropped.has(k)) out[k] = o[k];
  return out;
}

const CONTAINER_DROPPED_SET = new Set(CONTAINER_DROPPED);
const POD_SPEC_DROPPED_SET = new Set(POD_SPEC_DROPPED);
const METADATA_DROPPED_SET = new Set(METADATA_DROPPED);

/**
 * Drops what no rule reads of a Pod: env, volumes, probes, resources, server metadata,
 * annotations other than portguard's. Kept: name, namespace, uid, labels, ownerReferences,
 * portguard annotations, host namespaces, containers' names, images and ports, and the
 * scheduling fields. A Pod's findings are the same before and after (test/trim-equivalence).
 * `value` is changed in place; its metadata, spec and containers are new objects.
 */
export function trimPod(value: KubeObject): KubeObject {
  const md = value.metadata;
  if (isObject(md)) {
    const meta = without(md, METADATA_DROPPED_SET);
    if (isObject(md.annotations)) {
      const kept = Object.keys(md.annotations).filter((k) => KEPT_ANNOTATION.test(k));
      if (kept.length > 0)
        meta.annotations = Object.fromEntries(kept.map((k) => [k, md.annotations[k]]));
      else delete meta.annotations;
    }
    value.metadata = meta;
  }
  if (!isObject(value.spec)) return value;
  const spec = without(value.spec, POD_SPEC_DROPPED_SET);
  for (const list of CONTAINER_LISTS) {
    const containers = spec[list];
    if (Array.isArray(containers))
      spec[list] = containers.map((c) => (isObject(c) ? without(c, CONTAINER_DROPPED_SET) : c));
  }
  value.spec = spec;
  return value;
}
