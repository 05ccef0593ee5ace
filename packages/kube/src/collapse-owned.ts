// Folds owned objects into their top-most listed controller: findings are reported once, with a pod count.
import type { ManifestObject } from '@portguard/core';

function controllerUid(o: ManifestObject): string | undefined {
  const refs: any[] = Array.isArray(o.value.metadata?.ownerReferences)
    ? o.value.metadata.ownerReferences
    : [];
  const ref = refs.find((r) => r?.controller === true) ?? refs[0];
  return typeof ref?.uid === 'string' ? ref.uid : undefined;
}

const hasPodTemplate = (o: ManifestObject) =>
  o.value.spec?.template !== undefined || o.value.spec?.jobTemplate !== undefined;

/**
 * Drops every Pod, ReplicaSet or Job whose controller chain (Pod → ReplicaSet → Deployment,
 * Pod → Job → CronJob, Pod → DaemonSet…) reaches a listed workload, and gives each top-most
 * workload `podCount`: the pods it owns through that chain. Objects whose owner was not
 * listed (forbidden, or a kind portguard does not list) stay, so nothing goes unscanned.
 */
export function collapseOwned(objects: readonly ManifestObject[]): ManifestObject[] {
  const byUid = new Map<string, ManifestObject>();
  for (const o of objects) {
    const uid = o.value.metadata?.uid;
    if (typeof uid === 'string' && hasPodTemplate(o)) byUid.set(uid, o);
  }
  const top = (o: ManifestObject): ManifestObject => {
    let cur = o;
    for (let depth = 0; depth < 10; depth++) {
      const uid = controllerUid(cur);
      const owner = uid !== undefined ? byUid.get(uid) : undefined;
      if (!owner || owner === cur) break;
      cur = owner;
    }
    return cur;
  };
  const kept: ManifestObject[] = [];
  const counts = new Map<ManifestObject, number>();
  for (const o of objects) {
    const owner = top(o);
    if (owner === o) {
      kept.push(o);
      continue;
    }
    if (o.value.kind === 'Pod') counts.set(owner, (counts.get(owner) ?? 0) + 1);
  }
  return kept.map((o) =>
    hasPodTemplate(o) && o.value.kind !== 'PodTemplate'
      ? { ...o, podCount: counts.get(o) ?? 0 }
      : o,
  );
}
