// What core reports on one object for the four rules the policies enforce: what a policy must refuse it for.
import { findRule, parseManifests, scanObjects, type KubeObject, type Rule } from '@portguard/core';

export const ENFORCED = ['host-port', 'host-network', 'nodeport-service', 'external-ips'];
const enforcedRules = ENFORCED.map((n) => findRule(n) as Rule);

/** The rules core reports on the object, suppressed or not, sorted. */
export function coreVerdict(object: KubeObject): string[] {
  const [parsed] = parseManifests(JSON.stringify(object), 'x.json').objects;
  // Admission does not read portguard.dev/ignore: suppressed findings are refused too.
  const { findings, suppressed } = scanObjects([parsed], { rules: enforcedRules });
  return [...new Set([...findings, ...suppressed].map((f) => f.rule))].sort();
}
