// The cheap pass over a document's raw text that tells whether any rule could flag it.

/**
 * Every word a rule, the posture step, tenant resolution or suppression reads, as it must be
 * spelled in a document that matters: the keys and values of the exposure rules, the kinds the
 * posture rules and tenants read (Namespace, NetworkPolicy, admission policies, Capsule
 * Tenants), and the ignore annotation. A document that holds none of them anywhere (keys,
 * values, comments) is one no rule can flag; it is still counted, by kind and name. A rule that
 * reads a new key or kind adds it here: `test/parse/prefilter.test.ts` scans every fixture both
 * ways and fails when they differ.
 */
export const TRIGGER_WORDS: readonly string[] = [
  'hostPort',
  'hostNetwork',
  'hostPID',
  'hostIPC',
  'NodePort',
  'nodePort',
  'LoadBalancer',
  'externalIPs',
  'Namespace',
  'NetworkPolicy',
  'ValidatingAdmissionPolicy',
  'ValidatingWebhookConfiguration',
  'ClusterPolicy',
  'kyverno',
  'ConstraintTemplate',
  'gatekeeper',
  'Tenant',
  'capsule',
  'portguard',
];

const TRIGGERS = new RegExp(TRIGGER_WORDS.join('|'), 'g');

/**
 * For each document span (`starts`, to the end of `text`), whether its text holds a trigger
 * word. One regular-expression pass over the whole text that jumps to the next document after
 * a hit.
 */
export function documentsThatMayMatter(text: string, starts: readonly number[]): boolean[] {
  const out = new Array<boolean>(starts.length).fill(false);
  TRIGGERS.lastIndex = 0;
  let k = 0;
  for (let m = TRIGGERS.exec(text); m; m = TRIGGERS.exec(text)) {
    while (k + 1 < starts.length && starts[k + 1] <= m.index) k++;
    out[k] = true;
    if (k + 1 >= starts.length) break;
    TRIGGERS.lastIndex = starts[k + 1];
  }
  return out;
}
