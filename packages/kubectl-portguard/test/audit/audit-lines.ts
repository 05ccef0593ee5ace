// Audit log lines in the real format (audit.k8s.io/v1 Event, as kube-apiserver writes them), for the audit tests.

const base = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'RequestResponse',
  stage: 'ResponseComplete',
  sourceIPs: ['10.0.0.7'],
  userAgent: 'kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07',
  requestReceivedTimestamp: '2026-11-30T10:00:00.000000Z',
  stageTimestamp: '2026-11-30T10:00:00.012345Z',
  annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
};

export const ALICE = { username: 'alice', groups: ['team-a-devs', 'system:authenticated'] };
export const BOB = { username: 'bob', groups: ['system:authenticated'] };

export const hostPortPod = (name: string, hostPort: number) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'team-a' },
  spec: { containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 80, hostPort }] }] },
});

const podRef = (name: string) => ({
  resource: 'pods',
  namespace: 'team-a',
  name,
  apiVersion: 'v1',
});

/** One event line: `base` and a pod objectRef, overridden by `e`. */
export function line(id: string, e: Record<string, unknown>): string {
  return JSON.stringify({
    ...base,
    auditID: `00000000-0000-0000-0000-${id.padStart(12, '0')}`,
    requestURI: '/api/v1/namespaces/team-a/pods',
    user: ALICE,
    ...e,
  });
}

/** A day of a small cluster: reads, a watch, leases, and the writes that matter. */
export const LOG = [
  line('1', {
    verb: 'list',
    objectRef: { resource: 'pods', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 200 },
  }),
  line('2', {
    verb: 'watch',
    stage: 'ResponseStarted',
    objectRef: { resource: 'pods', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 200 },
  }),
  line('3', {
    verb: 'update',
    user: { username: 'system:kube-scheduler' },
    objectRef: {
      resource: 'leases',
      namespace: 'kube-system',
      name: 'kube-scheduler',
      apiGroup: 'coordination.k8s.io',
      apiVersion: 'v1',
    },
    responseStatus: { metadata: {}, code: 200 },
  }),
  // 4: alice creates a hostPort pod.
  line('4', {
    verb: 'create',
    objectRef: podRef('web'),
    responseStatus: { metadata: {}, code: 201 },
    requestObject: hostPortPod('web', 8080),
    responseObject: {
      ...hostPortPod('web', 8080),
      metadata: { name: 'web', namespace: 'team-a', uid: 'u1', resourceVersion: '10' },
    },
  }),
  // 5: bob's create is refused by a webhook.
  line('5', {
    verb: 'create',
    user: BOB,
    objectRef: podRef('api'),
    responseStatus: {
      metadata: {},
      status: 'Failure',
      message: 'admission webhook "validate.portguard.dev" denied the request: hostPort 9000',
      reason: 'Forbidden',
      code: 403,
    },
    requestObject: hostPortPod('api', 9000),
    responseObject: { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 403 },
  }),
  'this is not JSON',
  // 7: alice relabels web (kubectl apply): the hostPort was there already, so not introduced.
  line('7', {
    verb: 'patch',
    objectRef: podRef('web'),
    responseStatus: { metadata: {}, code: 200 },
    requestObject: { metadata: { labels: { v: '2' } } },
    responseObject: hostPortPod('web', 8080),
  }),
  // 8: bob, as carol, patches web to another hostPort at level Request: only the patch.
  line('8', {
    verb: 'patch',
    level: 'Request',
    user: BOB,
    impersonatedUser: { username: 'carol', groups: ['ops', 'system:authenticated'] },
    objectRef: podRef('web'),
    responseStatus: { metadata: {}, code: 200 },
    requestObject: {
      spec: { containers: [{ name: 'app', ports: [{ containerPort: 80, hostPort: 9090 }] }] },
    },
  }),
  // 9: a Metadata-level create of a Service.
  line('9', {
    verb: 'create',
    level: 'Metadata',
    objectRef: { resource: 'services', namespace: 'team-a', name: 'edge', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 201 },
  }),
  // 10: a JSON patch of a Service's type, without the result.
  line('10', {
    verb: 'patch',
    level: 'Request',
    objectRef: { resource: 'services', namespace: 'team-a', name: 'lb', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 200 },
    requestObject: [{ op: 'replace', path: '/spec/type', value: 'NodePort' }],
  }),
  '{"kind":"Event","apiVersion":"audit.k8s.io/v1","verb":"create","stage":"ResponseComplete","objectRef":{"resource":"pods"',
  '',
  // 13: a clean deployment update.
  line('13', {
    verb: 'update',
    objectRef: {
      resource: 'deployments',
      namespace: 'team-a',
      name: 'ok',
      apiGroup: 'apps',
      apiVersion: 'v1',
    },
    responseStatus: { metadata: {}, code: 200 },
    requestObject: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'ok', namespace: 'team-a' },
      spec: { template: { spec: { containers: [{ name: 'c', image: 'x' }] } } },
    },
  }),
  // 14: a create at RequestReceived stage only (not judged).
  line('14', {
    verb: 'create',
    stage: 'RequestReceived',
    objectRef: podRef('web2'),
    requestObject: hostPortPod('web2', 1),
  }),
  '{"verb":"create","stage":"ResponseComplete","objectRef":{"resource":"pods"}}',
];
