// Whether every node port of a NodePort or LoadBalancer Service is inside the tenant's allowances.
import { isObject } from '../objects.js';
import { portNumber, protocolOf } from '../port-number.js';
import type { RuleContext } from '../rules/define-rule.js';
import type { AllowanceNote, ManifestObject } from '../types.js';
import { formatPort } from './port-range.js';

/** The verdict on a Service's node ports, and the words a message adds when it misses. */
export interface NodePortVerdict {
  note: AllowanceNote;
  /** `nodePort 31000 is outside tenant shop's allowed 30080`; empty when all are inside. */
  problems: string[];
}

/**
 * Judges each `spec.ports[]` of the Service against the `nodePorts` allowances of its
 * namespace. A port without an explicit nodePort gets one the cluster picks from its whole
 * range, which no allowance narrower than that covers: it counts as outside.
 */
export function judgeNodePorts(
  object: ManifestObject,
  context: RuleContext,
): NodePortVerdict | undefined {
  const lookup = context.allowances;
  if (!lookup) return undefined;
  const ports: Record<string, any>[] = Array.isArray(object.value.spec?.ports)
    ? object.value.spec.ports.filter(isObject)
    : [];
  const problems: string[] = [];
  let inside: AllowanceNote | undefined;
  let outside: AllowanceNote | undefined;
  for (const p of ports) {
    const protocol = protocolOf(p.protocol);
    const nodePort = portNumber(p.nodePort);
    // Judge an unset nodePort as port 0: never inside, but it says which allowance applies.
    const note = lookup.port(object, 'nodePorts', nodePort ?? 0, protocol);
    if (!note) return undefined;
    if (note.inside) {
      inside ??= note;
      continue;
    }
    outside ??= note;
    problems.push(
      nodePort === undefined
        ? `port ${p.name ?? p.port ?? '?'} has no nodePort, so the one the cluster picks may be outside ${note.text}`
        : `nodePort ${formatPort(nodePort, protocol)} is outside ${note.text}`,
    );
  }
  const note = outside ?? inside;
  return note ? { note, problems } : undefined;
}
