// review(): tables of AdmissionReviews against the fixture cluster, each with its exact response.
import assert from 'node:assert/strict';
import { defaultConfig, loadConfig, type PortguardConfig } from '@portguard/core';
import { MalformedReview, review, type Mode } from '../src/webhook/review.js';
import { EMPTY_CONTEXT, reviewContext } from '../src/webhook/review-context.js';
import { admissionReview, clusterObjects, nodePortService, pod } from './review-fixtures.js';

const context = reviewContext(clusterObjects());
const FIX = 'kubectl portguard fix -f <file>';
const HOST_PORT_FIX = `use a ClusterIP Service behind an Ingress instead of hostPort: ${FIX}`;

interface Case {
  name: string;
  body: Record<string, any>;
  mode?: Mode;
  failOn?: 'high' | 'medium' | 'low' | 'info';
  config?: Partial<PortguardConfig>;
  /** A .portguard.yaml instead of `config`. */
  configYaml?: string;
  trust?: boolean;
  decision: string;
  allowed: boolean;
  /** The denial's status message. */
  message?: string;
  warnings?: string[];
}

const ALLOW_BLOG = `allow:
  - tenant: blog
    hostPorts: ["8080", "9000-9100"]
    reason: the blog's edge proxy
`;

const cases: Case[] = [
  {
    name: 'a pod without host access is allowed',
    body: admissionReview(pod('blog', 'web', [{ containerPort: 80 }])),
    decision: 'allowed',
    allowed: true,
  },
  {
    name: 'deny: a hostPort pod is refused with the finding and its remediation',
    body: admissionReview(pod('blog', 'web', [{ containerPort: 80, hostPort: 9000 }])),
    mode: 'deny',
    decision: 'denied',
    allowed: false,
    message: `portguard refuses Pod blog/web: host-port (high): container "app" uses hostPort 9000 (${HOST_PORT_FIX})`,
  },
  {
    name: 'warn: the same pod is admitted with one warning line',
    body: admissionReview(pod('blog', 'web', [{ containerPort: 80, hostPort: 9000 }])),
    mode: 'warn',
    decision: 'warned',
    allowed: true,
    warnings: [`portguard host-port (high): container "app" uses hostPort 9000; ${HOST_PORT_FIX}`],
  },
  {
    name: 'audit: admitted silently, counted as audited',
    body: admissionReview(pod('blog', 'web', [{ containerPort: 80, hostPort: 9000 }])),
    mode: 'audit',
    decision: 'audited',
    allowed: true,
  },
  {
    name: "deny: a hostPort another tenant holds is refused naming the other tenant's object, even when host-port is exempt",
    body: admissionReview(pod('blog', 'squat', [{ containerPort: 80, hostPort: 8080 }])),
    mode: 'deny',
    config: { exemptions: [{ namespace: 'blog', rules: ['host-port'], reason: 'edge nodes' }] },
    decision: 'denied',
    allowed: false,
    message:
      'portguard refuses Pod blog/squat: host-port-conflict (medium): hostPort 8080/TCP is also requested by Deployment shop-web/edge of another tenant (pick a hostPort no other tenant uses, or a ClusterIP Service: kubectl portguard fix -f <file>)',
  },
  {
    name: 'the same hostPort in another namespace of the same tenant is no conflict',
    body: admissionReview(pod('shop-api', 'side', [{ containerPort: 80, hostPort: 8080 }])),
    mode: 'deny',
    config: { exemptions: [{ namespace: 'shop-api', rules: ['host-port'], reason: 'edge nodes' }] },
    decision: 'allowed',
    allowed: true,
  },
  {
    name: 'UDP on the port another tenant holds on TCP is no conflict',
    body: admissionReview(
      pod('blog', 'dns', [{ containerPort: 8080, hostPort: 8080, protocol: 'UDP' }]),
    ),
    mode: 'deny',
    config: { exemptions: [{ namespace: 'blog', rules: ['host-port'], reason: 'edge nodes' }] },
    decision: 'allowed',
    allowed: true,
  },
  {
    name: "warn: a NodePort Service on another tenant's nodePort names it",
    body: admissionReview(nodePortService('blog', 'np', 30080)),
    mode: 'warn',
    decision: 'warned',
    allowed: true,
    warnings: [
      'portguard node-port-conflict (high): nodePort 30080 is also requested by Service shop-web/shop-np; pick a free nodePort, or leave nodePort out and let the API server allocate one',
      'portguard nodeport-service (high): Service "np" is of type NodePort and opens node port 30080 on every node; use a ClusterIP Service behind an Ingress: kubectl portguard fix -f <file> --to ingress',
    ],
  },
  {
    name: 'an UPDATE of a stored Service does not conflict with its own stored version',
    body: admissionReview(nodePortService('shop-web', 'shop-np', 30080), 'UPDATE'),
    mode: 'warn',
    decision: 'warned',
    allowed: true,
    warnings: [
      'portguard nodeport-service (high): Service "shop-np" is of type NodePort and opens node port 30080 on every node; use a ClusterIP Service behind an Ingress: kubectl portguard fix -f <file> --to ingress',
    ],
  },
  {
    name: 'deny: a system namespace is admitted, with warnings',
    body: admissionReview(
      pod('kube-system', 'cni', [{ containerPort: 9099 }], { hostNetwork: true }),
    ),
    mode: 'deny',
    decision: 'warned',
    allowed: true,
    warnings: [
      'portguard host-network (medium): Pod "cni" uses hostNetwork=true and listens on node port 9099; drop hostNetwork and expose the ports through a ClusterIP Service: kubectl portguard fix -f <file>',
    ],
  },
  {
    name: "a namespace's ignore annotation counts",
    body: admissionReview(pod('lab', 'probe', [{ containerPort: 80, hostPort: 9000 }])),
    mode: 'deny',
    decision: 'allowed',
    allowed: true,
  },
  {
    name: "the object's own ignore annotation does not count (a tenant cannot hide its exposure)",
    body: admissionReview({
      ...pod('blog', 'sly', [{ containerPort: 80, hostPort: 9000 }]),
      metadata: { name: 'sly', namespace: 'blog', annotations: { 'portguard.dev/ignore': 'all' } },
    }),
    mode: 'deny',
    decision: 'denied',
    allowed: false,
    message: `portguard refuses Pod blog/sly: host-port (high): container "app" uses hostPort 9000 (${HOST_PORT_FIX})`,
  },
  {
    name: '… unless object annotations are trusted',
    body: admissionReview({
      ...pod('blog', 'sly', [{ containerPort: 80, hostPort: 9000 }]),
      metadata: { name: 'sly', namespace: 'blog', annotations: { 'portguard.dev/ignore': 'all' } },
    }),
    mode: 'deny',
    trust: true,
    decision: 'allowed',
    allowed: true,
  },
  {
    name: 'an exemption of the config counts',
    body: admissionReview(pod('blog', 'web', [{ containerPort: 80, hostPort: 9000 }])),
    mode: 'deny',
    config: { exemptions: [{ namespace: 'blog', kind: 'Pod', name: 'web', reason: 'reviewed' }] },
    decision: 'allowed',
    allowed: true,
  },
  {
    name: 'a rule turned off counts',
    body: admissionReview(pod('blog', 'web', [{ containerPort: 80, hostPort: 9000 }])),
    mode: 'deny',
    config: { rules: { 'host-port': 'off' } },
    decision: 'allowed',
    allowed: true,
  },
  {
    name: '--fail-on high: a medium finding (hostPID) is allowed',
    body: admissionReview(pod('blog', 'top', [], { hostPID: true })),
    mode: 'deny',
    failOn: 'high',
    decision: 'allowed',
    allowed: true,
  },
  {
    name: '--fail-on medium (default): the same pod is refused',
    body: admissionReview(pod('blog', 'top', [], { hostPID: true })),
    mode: 'deny',
    decision: 'denied',
    allowed: false,
    message:
      'portguard refuses Pod blog/top: host-pid (medium): pod uses hostPID=true (drop hostPID: true, with it the pod sees every process of the node)',
  },
  {
    name: 'a Deployment is reviewed through its pod template',
    body: admissionReview({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: 'blog' },
      spec: {
        selector: { matchLabels: { app: 'api' } },
        template: {
          metadata: { labels: { app: 'api' } },
          spec: pod('blog', 'x', [{ containerPort: 80, hostPort: 9000 }]).spec,
        },
      },
    }),
    mode: 'warn',
    decision: 'warned',
    allowed: true,
    warnings: [`portguard host-port (high): container "app" uses hostPort 9000; ${HOST_PORT_FIX}`],
  },
  {
    name: 'the namespace comes from the request when the object has none',
    body: (() => {
      const r = admissionReview(pod('blog', 'web', [{ containerPort: 80, hostPort: 9000 }]));
      delete r.request.object.metadata.namespace;
      return r;
    })(),
    mode: 'deny',
    decision: 'denied',
    allowed: false,
    message: `portguard refuses Pod blog/web: host-port (high): container "app" uses hostPort 9000 (${HOST_PORT_FIX})`,
  },
  {
    name: "a hostPort inside the tenant's allowance is admitted",
    body: admissionReview(pod('blog', 'edge', [{ containerPort: 80, hostPort: 9050 }])),
    mode: 'deny',
    configYaml: ALLOW_BLOG,
    decision: 'allowed',
    allowed: true,
  },
  {
    name: 'a hostPort outside it is refused, naming the allowance',
    body: admissionReview(pod('blog', 'edge', [{ containerPort: 80, hostPort: 9200 }])),
    mode: 'deny',
    configYaml: ALLOW_BLOG,
    decision: 'denied',
    allowed: false,
    message: `portguard refuses Pod blog/edge: host-port (high): container "app": hostPort 9200 is outside tenant blog's allowed 8080, 9000-9100 (${HOST_PORT_FIX})`,
  },
  {
    name: 'an allowed hostPort that another tenant holds is still refused as a conflict',
    body: admissionReview(pod('blog', 'edge', [{ containerPort: 80, hostPort: 8080 }])),
    mode: 'deny',
    configYaml: ALLOW_BLOG,
    decision: 'denied',
    allowed: false,
    message:
      'portguard refuses Pod blog/edge: host-port-conflict (medium): hostPort 8080/TCP is also requested by Deployment shop-web/edge of another tenant (pick a hostPort no other tenant uses, or a ClusterIP Service: kubectl portguard fix -f <file>)',
  },
  {
    name: 'DELETE is allowed without a scan',
    body: admissionReview(undefined, 'DELETE'),
    mode: 'deny',
    decision: 'allowed',
    allowed: true,
  },
  {
    name: 'CONNECT is allowed',
    body: admissionReview(undefined, 'CONNECT'),
    mode: 'deny',
    decision: 'allowed',
    allowed: true,
  },
  {
    name: 'a review without an operation is admitted with a warning (undecidable)',
    body: admissionReview(pod('blog', 'web', [{ containerPort: 80, hostPort: 9000 }]), ''),
    mode: 'deny',
    decision: 'error',
    allowed: true,
    warnings: ['portguard could not review this request: request.operation is missing'],
  },
  {
    name: 'an unknown operation is admitted with a warning (undecidable)',
    body: admissionReview(pod('blog', 'web'), 'PATCH'),
    mode: 'deny',
    decision: 'error',
    allowed: true,
    warnings: [
      'portguard could not review this request: operation PATCH is not CREATE, UPDATE, DELETE or CONNECT',
    ],
  },
  {
    name: 'a CREATE without an object is admitted with a warning (undecidable)',
    body: admissionReview(undefined, 'CREATE'),
    mode: 'deny',
    decision: 'error',
    allowed: true,
    warnings: ['portguard could not review this request: request.object is missing'],
  },
  {
    name: 'another AdmissionReview version is admitted with a warning',
    body: { ...admissionReview(pod('blog', 'web')), apiVersion: 'admission.k8s.io/v1beta1' },
    mode: 'deny',
    decision: 'error',
    allowed: true,
    warnings: [
      'portguard could not review this request: apiVersion admission.k8s.io/v1beta1 is not admission.k8s.io/v1',
    ],
  },
  {
    name: 'a malformed object (ports not a list) does not throw',
    body: admissionReview({
      ...pod('blog', 'odd'),
      spec: { containers: [{ name: 'a', ports: 'eighty' }] },
    }),
    mode: 'deny',
    decision: 'allowed',
    allowed: true,
  },
];

describe('review()', () => {
  for (const c of cases) {
    it(c.name, () => {
      const config = c.configYaml
        ? loadConfig(c.configYaml, '.portguard.yaml')
        : { ...defaultConfig(), ...c.config };
      const out = review(c.body, context, {
        mode: c.mode ?? 'deny',
        failOn: c.failOn ?? 'medium',
        config,
        trustObjectAnnotations: c.trust,
      });
      const r = out.review.response;
      assert.equal(out.review.apiVersion, 'admission.k8s.io/v1');
      assert.equal(out.review.kind, 'AdmissionReview');
      assert.equal(r.uid, c.body.request.uid);
      assert.equal(out.decision, c.decision);
      assert.equal(r.allowed, c.allowed);
      assert.deepEqual(r.warnings, c.warnings);
      if (c.allowed) assert.equal(r.status, undefined);
      else assert.deepEqual(r.status, { code: 403, reason: 'Forbidden', message: c.message });
    });
  }

  it('before the first list of the cluster: admitted with a warning, counted as error', () => {
    const out = review(
      admissionReview(pod('blog', 'web', [{ containerPort: 80, hostPort: 9000 }])),
      EMPTY_CONTEXT,
      { mode: 'deny', failOn: 'medium', config: defaultConfig() },
    );
    assert.equal(out.decision, 'error');
    assert.deepEqual(out.review.response, {
      uid: 'uid-1',
      allowed: true,
      warnings: ['portguard could not review this request: the cluster has not been listed yet'],
    });
  });

  const malformed: { name: string; body: unknown }[] = [
    { name: 'not an object', body: 'hello' },
    { name: 'null', body: null },
    { name: 'no request', body: { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' } },
    { name: 'no uid', body: { request: { operation: 'CREATE', object: {} } } },
    { name: 'an empty uid', body: { request: { uid: '', operation: 'CREATE' } } },
  ];
  for (const m of malformed)
    it(`throws MalformedReview (the server answers 400): ${m.name}`, () => {
      assert.throws(
        () => review(m.body, context, { mode: 'deny', failOn: 'medium', config: defaultConfig() }),
        MalformedReview,
      );
    });
});
