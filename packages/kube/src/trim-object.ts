// What a scan keeps of a controller-run Pod: the fields the rules, suppression, tenants, allowances, posture and collapse read.
import { findPodSpec, isObject, type KubeObject } from '@portguard/core';

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

/**
 * Drops, in place, what no rule reads of a Pod: env, volumes, probes, resources,
 * server metadata, annotations other than portguard's. Kept: name, namespace, uid, labels,
 * ownerReferences, portguard annotations, host namespaces, containers' names, images and ports,
 * and the scheduling fields. A Pod's findings are the same before and after (test/trim-equivalence).
 */
export function trimPod(value: KubeObject): KubeObject {
  const md = value.metadata;
  if (isObject(md)) {
    for (const k of METADATA_DROPPED) delete md[k];
    if (isObject(md.annotations)) {
      const kept = Object.entries(md.annotations).filter(([k]) => KEPT_ANNOTATION.test(k));
      if (kept.length > 0) md.annotations = Object.fromEntries(kept);
      else delete md.annotations;
    }
  }
  const pod = findPodSpec(value);
  if (!pod) return value;
  for (const k of POD_SPEC_DROPPED) delete pod.spec[k];
  for (const list of CONTAINER_LISTS) {
    const containers = pod.spec[list];
    if (!Array.isArray(containers)) continue;
    for (const c of containers) if (isObject(c)) for (const k of CONTAINER_DROPPED) delete c[k];
  }
  return value;
}
