// Which admission policies in a set refuse NodePort Services and externalIPs (PSA covers pods only).
import { isObject } from '../objects.js';
import type { ManifestObject } from '../types.js';

/** A policy that refuses a kind of Service exposure, named as `kubectl get` would. */
export interface Blocker {
  kind: string;
  name: string;
}

export interface ServiceExposureBlockers {
  nodePort: Blocker[];
  externalIPs: Blocker[];
}

/** The two Service exposures Pod Security Admission cannot see. */
type Concern = keyof ServiceExposureBlockers;

/** Which concerns a policy's expressions, patterns or rego talk about. */
function concernsOf(value: unknown): Concern[] {
  const text = JSON.stringify(value ?? null);
  const out: Concern[] = [];
  if (text.includes('NodePort')) out.push('nodePort');
  if (/externalIPs/i.test(text)) out.push('externalIPs');
  return out;
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strings = (v: unknown): string[] => list(v).filter((s) => typeof s === 'string') as string[];
const group = (o: ManifestObject) => String(o.value.apiVersion ?? '').split('/')[0];

/** True when a resourceRule (`apiGroups`, `resources`, `operations`) covers creating Services. */
function ruleCoversServices(rule: unknown): boolean {
  if (!isObject(rule)) return false;
  const groups = strings(rule.apiGroups);
  const resources = strings(rule.resources);
  const operations = strings(rule.operations);
  return (
    (groups.includes('') || groups.includes('*')) &&
    (resources.includes('services') || resources.includes('*')) &&
    (operations.length === 0 || operations.includes('CREATE') || operations.includes('*'))
  );
}

/** ValidatingAdmissionPolicies on Services that some binding enforces with `Deny`. */
function fromValidatingAdmissionPolicies(objects: readonly ManifestObject[]): Blocker[][] {
  const denied = new Set<string>();
  for (const o of objects) {
    if (
      o.value.kind !== 'ValidatingAdmissionPolicyBinding' ||
      group(o) !== 'admissionregistration.k8s.io'
    )
      continue;
    const spec = isObject(o.value.spec) ? o.value.spec : {};
    if (typeof spec.policyName === 'string' && strings(spec.validationActions).includes('Deny'))
      denied.add(spec.policyName);
  }
  const found: Blocker[][] = [[], []];
  for (const o of objects) {
    if (o.value.kind !== 'ValidatingAdmissionPolicy' || group(o) !== 'admissionregistration.k8s.io')
      continue;
    if (!denied.has(o.ref.name)) continue;
    const spec = isObject(o.value.spec) ? o.value.spec : {};
    if (!list(spec.matchConstraints?.resourceRules).some(ruleCoversServices)) continue;
    const expressions = list(spec.validations).map((v) => (isObject(v) ? v.expression : undefined));
    addConcerns(found, concernsOf(expressions), {
      kind: 'ValidatingAdmissionPolicy',
      name: o.ref.name,
    });
  }
  return found;
}

/** `Service`, `v1/Service`, `*` and `*\/Service` all match Services in Kyverno's `kinds`. */
function kyvernoKindsCoverServices(kinds: unknown): boolean {
  return strings(kinds).some((k) => k === '*' || k === 'Service' || /^(v1|\*)\/Service$/.test(k));
}

function kyvernoMatchCoversServices(match: unknown): boolean {
  if (!isObject(match)) return false;
  const blocks = [...list(match.any), ...list(match.all), match];
  return blocks.some(
    (b) => isObject(b) && isObject(b.resources) && kyvernoKindsCoverServices(b.resources.kinds),
  );
}

/** Kyverno ClusterPolicies with a validate rule on Services in Enforce mode. */
function fromKyverno(objects: readonly ManifestObject[]): Blocker[][] {
  const found: Blocker[][] = [[], []];
  for (const o of objects) {
    if (o.value.kind !== 'ClusterPolicy' || group(o) !== 'kyverno.io') continue;
    const spec = isObject(o.value.spec) ? o.value.spec : {};
    for (const rule of list(spec.rules)) {
      if (!isObject(rule) || !isObject(rule.validate)) continue;
      if (!kyvernoMatchCoversServices(rule.match)) continue;
      const action = String(rule.validate.failureAction ?? spec.validationFailureAction ?? 'Audit');
      if (action.toLowerCase() !== 'enforce') continue;
      addConcerns(found, concernsOf(rule.validate), { kind: 'ClusterPolicy', name: o.ref.name });
    }
  }
  return found;
}

/** Gatekeeper library templates that portguard knows by kind, for constraints without their template in the set. */
const KNOWN_GATEKEEPER_KINDS: Record<string, Concern[]> = {
  K8sBlockNodePort: ['nodePort'],
  K8sExternalIPs: ['externalIPs'],
  // What `kubectl portguard policy --engine gatekeeper` installs.
  PortguardHostExposure: ['nodePort', 'externalIPs'],
};

function gatekeeperMatchCoversServices(match: unknown): boolean {
  if (!isObject(match) || match.kinds === undefined) return true;
  return list(match.kinds).some((k) => {
    if (!isObject(k)) return false;
    const groups = k.apiGroups === undefined ? [''] : strings(k.apiGroups);
    const kinds = strings(k.kinds);
    return (
      (groups.includes('') || groups.includes('*')) &&
      (kinds.includes('Service') || kinds.includes('*'))
    );
  });
}

/** Gatekeeper constraints in `deny` mode whose template (or known library kind) refuses the exposure. */
function fromGatekeeper(objects: readonly ManifestObject[]): Blocker[][] {
  const templates = new Map<string, Concern[]>();
  for (const o of objects) {
    if (o.value.kind !== 'ConstraintTemplate' || group(o) !== 'templates.gatekeeper.sh') continue;
    const kind = o.value.spec?.crd?.spec?.names?.kind;
    if (typeof kind === 'string') templates.set(kind, concernsOf(o.value.spec?.targets));
  }
  const found: Blocker[][] = [[], []];
  for (const o of objects) {
    if (group(o) !== 'constraints.gatekeeper.sh') continue;
    const kind = String(o.value.kind);
    const spec = isObject(o.value.spec) ? o.value.spec : {};
    if ((spec.enforcementAction ?? 'deny') !== 'deny') continue;
    if (!gatekeeperMatchCoversServices(spec.match)) continue;
    const concerns = templates.get(kind) ?? KNOWN_GATEKEEPER_KINDS[kind] ?? [];
    addConcerns(found, concerns, { kind, name: o.ref.name });
  }
  return found;
}

/** The name of the webhook `kubectl portguard install --webhook` registers. */
export const PORTGUARD_WEBHOOK_NAME = 'validate.portguard.dev';

/**
 * portguard's own admission webhook refuses both exposures where a refusal stands: install's deny
 * mode is the one with `failurePolicy: Fail`. Other webhooks are opaque (what they refuse is not
 * written in their configuration), so they are not counted.
 */
function fromPortguardWebhook(objects: readonly ManifestObject[]): Blocker[][] {
  const found: Blocker[][] = [[], []];
  for (const o of objects) {
    if (
      o.value.kind !== 'ValidatingWebhookConfiguration' ||
      group(o) !== 'admissionregistration.k8s.io'
    )
      continue;
    for (const w of list(o.value.webhooks)) {
      if (!isObject(w) || w.name !== PORTGUARD_WEBHOOK_NAME || w.failurePolicy !== 'Fail') continue;
      if (!list(w.rules).some(ruleCoversServices)) continue;
      addConcerns(found, ['nodePort', 'externalIPs'], {
        kind: 'ValidatingWebhookConfiguration',
        name: o.ref.name,
      });
    }
  }
  return found;
}

function addConcerns(found: Blocker[][], concerns: Concern[], blocker: Blocker): void {
  if (concerns.includes('nodePort')) found[0].push(blocker);
  if (concerns.includes('externalIPs')) found[1].push(blocker);
}

/**
 * The admission policies in the set that refuse NodePort Services and Services with externalIPs:
 * ValidatingAdmissionPolicies with a `Deny` binding, Kyverno ClusterPolicies in Enforce mode and
 * Gatekeeper constraints in `deny` mode, each matching Services, and portguard's own webhook in
 * deny mode. A policy counts for a concern
 * when its expressions, pattern or rego name it (`NodePort`, `externalIPs`).
 */
export function serviceExposureBlockers(
  objects: readonly ManifestObject[],
): ServiceExposureBlockers {
  const all = [
    fromValidatingAdmissionPolicies(objects),
    fromKyverno(objects),
    fromGatekeeper(objects),
    fromPortguardWebhook(objects),
  ];
  return {
    nodePort: all.flatMap((f) => f[0]),
    externalIPs: all.flatMap((f) => f[1]),
  };
}
