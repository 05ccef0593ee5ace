// Judges one audit event: which exposure rules the object it wrote (or tried to write) breaks, and how sure that is.
import {
  defaultConfig,
  exposureRules,
  findPodSpec,
  refOf,
  scanObjects,
  type KubeObject,
  type PortguardConfig,
  type Rule,
} from '@portguard/core';
import type { AuditFinding, AuditUser } from './types.js';

/** Rules that judge one object alone (conflicts need two tenants' objects, which one event does not hold). */
export const SINGLE_OBJECT_RULES: readonly Rule[] = exposureRules.filter(
  (r) => !r.meta.name.endsWith('-conflict'),
);

const WRITE_VERBS = new Set(['create', 'update', 'patch']);

/** What judging needs besides the event: the config (rule severities, exemptions, allowances). */
export interface JudgeContext {
  config?: PortguardConfig;
}

/** The outcome of one parsed line: findings, not a request worth counting, or a reason to skip it. */
export type Judgement =
  | {
      kind: 'request';
      findings: AuditFinding[];
      /** `group/resource/namespace/name`: the object written. */
      objectKey: string;
      admitted: boolean;
      /** Judged on the object written (not a patch alone, not nothing). */
      certain: boolean;
    }
  | { kind: 'ignored' }
  | { kind: 'skip'; reason: string };

const isMap = (v: unknown): v is KubeObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `apps/v1` from an objectRef's apiGroup and apiVersion. */
const apiVersionOf = (ref: KubeObject) =>
  ref.apiGroup ? `${ref.apiGroup}/${ref.apiVersion ?? ''}` : String(ref.apiVersion ?? 'v1');

/** `Deployment` from `deployments`: the kind a resource most likely is when no object says it. */
export function kindOfResource(resource: string): string {
  const known: Record<string, string> = {
    pods: 'Pod',
    services: 'Service',
    deployments: 'Deployment',
    replicasets: 'ReplicaSet',
    replicationcontrollers: 'ReplicationController',
    statefulsets: 'StatefulSet',
    daemonsets: 'DaemonSet',
    jobs: 'Job',
    cronjobs: 'CronJob',
    podtemplates: 'PodTemplate',
  };
  if (known[resource]) return known[resource];
  const singular = resource
    .replace(/ies$/, 'y')
    .replace(/(ss|x|ch|sh)es$/, '$1')
    .replace(/s$/, '');
  return singular.charAt(0).toUpperCase() + singular.slice(1);
}

/** The rules that could fire on an object of this kind, when the log holds none to judge. */
function rulesForKind(kind: string): readonly Rule[] {
  const names =
    kind === 'Service'
      ? ['nodeport-service', 'loadbalancer-node-ports', 'external-ips']
      : ['host-port', 'host-network', 'host-pid', 'host-ipc'];
  return SINGLE_OBJECT_RULES.filter((r) => names.includes(r.meta.name));
}

const WORKLOAD_RESOURCES = new Set([
  'pods',
  'deployments',
  'replicasets',
  'replicationcontrollers',
  'statefulsets',
  'daemonsets',
  'jobs',
  'cronjobs',
  'podtemplates',
  'services',
]);

/**
 * One copy of each user, source-IP list, user agent and namespace across a log's events: a 1 GB
 * log has thousands of events and a handful of users (bounded, so a hostile log cannot grow it).
 */
const shared = new Map<string, unknown>();
function share<T>(key: string, make: () => T): T {
  const hit = shared.get(key);
  if (hit !== undefined) return hit as T;
  const value = make();
  if (shared.size < 10_000) shared.set(key, value);
  return value;
}

function user(u: unknown): AuditUser {
  if (!isMap(u)) return { username: '' };
  const groups = Array.isArray(u.groups) ? u.groups.map(String) : undefined;
  const uid = typeof u.uid === 'string' && u.uid ? u.uid : undefined;
  return share(
    `u\u0000${u.username}\u0000${uid ?? ''}\u0000${groups?.join('\u0000') ?? '-'}`,
    () => {
      const out: AuditUser = { username: String(u.username ?? '') };
      if (uid) out.uid = uid;
      if (groups) out.groups = groups;
      return out;
    },
  );
}

const sharedString = (s: string) => share(`s\u0000${s}`, () => s);

/** The object a request wrote, fit to judge: kind and name set from the objectRef where the body has none. */
function withIdentity(obj: KubeObject, ref: KubeObject): KubeObject {
  const md = isMap(obj.metadata) ? obj.metadata : {};
  return {
    ...obj,
    apiVersion: obj.apiVersion ?? apiVersionOf(ref),
    kind: obj.kind ?? kindOfResource(String(ref.resource ?? '')),
    metadata: {
      ...md,
      name: md.name ?? ref.name,
      namespace: md.namespace ?? ref.namespace,
    },
  };
}

/** Fields whose presence in a JSON patch may open a port, by rule. */
const PATCH_FIELDS: [RegExp, string][] = [
  [/\/hostPort$/, 'host-port'],
  [/\/ports(\/|$)/, 'host-port'],
  [/\/hostNetwork$/, 'host-network'],
  [/\/hostPID$/, 'host-pid'],
  [/\/hostIPC$/, 'host-ipc'],
  [/\/spec\/type$/, 'nodeport-service'],
  [/\/externalIPs(\/|$)/, 'external-ips'],
  [/\/allocateLoadBalancerNodePorts$/, 'loadbalancer-node-ports'],
];

/**
 * Judges one parsed audit event. Only the ResponseComplete stage of create, update and patch
 * counts. The object judged is, in order: the response object of an admitted request (what was
 * stored, node ports allocated), the request object of a create or update (what was asked, also
 * when refused), a patch body read as a partial object (possible), or nothing (level Metadata:
 * possible, for every rule that could fire on the kind).
 */
export function judgeEvent(e: unknown, ctx: JudgeContext = {}): Judgement {
  if (!isMap(e) || e.kind !== 'Event' || !String(e.apiVersion ?? '').startsWith('audit.k8s.io/'))
    return { kind: 'skip', reason: 'not an audit.k8s.io Event' };
  if (e.stage !== 'ResponseComplete' || !WRITE_VERBS.has(e.verb)) return { kind: 'ignored' };
  const ref = e.objectRef;
  if (!isMap(ref) || typeof ref.resource !== 'string')
    return { kind: 'skip', reason: 'a write without objectRef' };
  if (ref.subresource) return { kind: 'ignored' };
  const code = Number(e.responseStatus?.code ?? 0);
  const admitted = !(code >= 400);
  const base = {
    auditID: String(e.auditID ?? ''),
    time: String(e.requestReceivedTimestamp ?? e.stageTimestamp ?? ''),
    verb: String(e.verb),
    user: user(e.user),
    ...(isMap(e.impersonatedUser) ? { impersonatedUser: user(e.impersonatedUser) } : {}),
    sourceIPs: Array.isArray(e.sourceIPs)
      ? share(`i\u0000${e.sourceIPs.join('\u0000')}`, () => e.sourceIPs.map(String))
      : [],
    ...(typeof e.userAgent === 'string' ? { userAgent: sharedString(e.userAgent) } : {}),
  };
  const response =
    isMap(e.responseObject) && e.responseObject.kind !== 'Status' ? e.responseObject : undefined;
  const request = e.requestObject;
  const objectKey = `${ref.apiGroup ?? ''}/${ref.resource}/${ref.namespace ?? ''}/${ref.name ?? (isMap(request) ? request.metadata?.name : '') ?? ''}`;
  const config = ctx.config ?? defaultConfig();

  let judged: KubeObject | undefined;
  let certainty: AuditFinding['certainty'] = 'certain';
  let reason: string | undefined;
  if (response && admitted) judged = response;
  else if (e.verb !== 'patch' && isMap(request)) judged = request;
  else if (e.verb === 'patch' && isMap(request)) {
    judged = request;
    if (!(request.apiVersion && request.kind)) {
      certainty = 'possible';
      reason = `a patch without the resulting object (level ${e.level ?? 'Request'}): judged on the patch alone`;
    }
  }
  if (judged === undefined) {
    if (!WORKLOAD_RESOURCES.has(ref.resource) && e.verb !== 'patch')
      return { kind: 'request', findings: [], objectKey, admitted, certain: false };
    const kind = kindOfResource(ref.resource);
    const object = {
      apiVersion: apiVersionOf(ref),
      kind,
      namespace: ref.namespace,
      name: String(ref.name ?? ''),
    };
    if (!object.namespace) delete object.namespace;
    // A JSON patch names the fields it touches; with no operation on one, nothing was opened.
    let rules: readonly Rule[] = WORKLOAD_RESOURCES.has(ref.resource) ? rulesForKind(kind) : [];
    if (Array.isArray(request)) {
      const touched = new Set(
        request.flatMap((op: unknown) =>
          isMap(op) && typeof op.path === 'string'
            ? PATCH_FIELDS.filter(([re]) => re.test(op.path as string)).map(([, r]) => r)
            : [],
        ),
      );
      rules = SINGLE_OBJECT_RULES.filter((r) => touched.has(r.meta.name));
    }
    const why = Array.isArray(request)
      ? 'a JSON patch without the resulting object: it touches a field this rule reads'
      : `level ${e.level ?? 'Metadata'}: the log holds no object to judge`;
    const findings = rules
      .filter((r) => config.rules[r.meta.name] !== 'off')
      .map((r) => ({
        ...base,
        object,
        rule: r.meta.name,
        severity:
          (config.rules[r.meta.name] as AuditFinding['severity'] | undefined) ?? r.meta.severity,
        message: `${kind} ${object.namespace ? `${object.namespace}/` : ''}${object.name} was ${e.verb === 'create' ? 'created' : e.verb === 'update' ? 'updated' : 'patched'}; ${why}`,
        admitted,
        certainty: 'possible' as const,
        reason: why,
      }));
    return { kind: 'request', findings, objectKey, admitted, certain: false };
  }
  const obj = withIdentity(judged, ref);
  const judgedCertainly = certainty === 'certain';
  if (!findPodSpec(obj) && obj.kind !== 'Service')
    return { kind: 'request', findings: [], objectKey, admitted, certain: judgedCertainly };
  const { findings } = scanObjects([{ value: obj, ref: refOf(obj), origin: 'cluster' }], {
    config,
    rules: SINGLE_OBJECT_RULES,
  });
  const byRule = new Map<string, AuditFinding>();
  for (const f of findings) {
    const seen = byRule.get(f.rule);
    if (seen) {
      seen.message = `${seen.message}; ${f.message}`;
      continue;
    }
    const object: AuditFinding['object'] = {
      apiVersion: sharedString(f.object.apiVersion),
      kind: sharedString(f.object.kind),
      ...(f.object.namespace ? { namespace: sharedString(f.object.namespace) } : {}),
      name: f.object.name,
    };
    byRule.set(f.rule, {
      ...base,
      object,
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      admitted,
      certainty,
      ...(reason ? { reason } : {}),
    });
  }
  return {
    kind: 'request',
    findings: [...byRule.values()],
    objectKey,
    admitted,
    certain: judgedCertainly,
  };
}
