// Tenant port allowances in a scan: inside is suppressed with the reason, outside names the allowance, Capsule Tenants forbid.
import assert from 'node:assert/strict';
import { loadConfig, scanFiles, type ScanOptions } from '../../src/index.js';
import { dedent } from '../helpers/rule-tester.js';

const CONFIG = dedent(`
  allow:
    - tenant: shop
      hostPorts: ["8080", "9000-9100"]
      nodePorts: ["30080", "30053/UDP"]
      reason: the shop's edge proxy, reviewed 2026-11
    - namespace: "team-*"
      hostPorts: ["53/UDP"]
      reason: node-local DNS
`);

const NAMESPACES = dedent(`
  apiVersion: v1
  kind: Namespace
  metadata:
    name: shop-prod
    labels: {capsule.clastix.io/tenant: shop}
  ---
  apiVersion: v1
  kind: Namespace
  metadata:
    name: blog
`);

function pod(ns: string | undefined, ports: string): string {
  return dedent(`
    apiVersion: v1
    kind: Pod
    metadata:
      name: p-${ns ?? 'none'}
      ${ns ? `namespace: ${ns}` : ''}
    spec:
      containers:
        - name: app
          ports: ${ports}
  `);
}

function service(ns: string, type: string, ports: string, extra = ''): string {
  return dedent(`
    apiVersion: v1
    kind: Service
    metadata:
      name: web
      namespace: ${ns}
    spec:
      type: ${type}
      ports: ${ports}
      ${extra}
  `);
}

interface Case {
  name: string;
  docs: string[];
  config?: string;
  options?: ScanOptions;
  /** `rule: message` of each reported finding. */
  reported: string[];
  /** `rule: reason` of each suppressed finding. */
  suppressed: string[];
}

const REASON = "the shop's edge proxy, reviewed 2026-11";

const CASES: Case[] = [
  {
    name: 'a hostPort inside a tenant allowance is suppressed with its reason; one outside names the allowance',
    docs: [
      NAMESPACES,
      pod(
        'shop-prod',
        '[{containerPort: 80, hostPort: 9050}, {containerPort: 81, hostPort: 9200}]',
      ),
    ],
    reported: [
      `host-port: container "app": hostPort 9200 is outside tenant shop's allowed 8080, 9000-9100`,
    ],
    suppressed: [`host-port: ${REASON}`],
  },
  {
    name: 'the protocol counts: 9050/UDP is not inside the TCP range 9000-9100',
    docs: [NAMESPACES, pod('shop-prod', '[{containerPort: 80, hostPort: 9050, protocol: UDP}]')],
    reported: [
      `host-port: container "app": hostPort 9050/UDP is outside tenant shop's allowed 8080, 9000-9100`,
    ],
    suppressed: [],
  },
  {
    name: 'a namespace pattern: team-a may use 53/UDP, not 53/TCP',
    docs: [
      pod(
        'team-a',
        '[{containerPort: 53, hostPort: 53, protocol: UDP}, {containerPort: 53, hostPort: 53}]',
      ),
    ],
    reported: [
      `host-port: container "app": hostPort 53 is outside namespace team-*'s allowed 53/UDP`,
    ],
    suppressed: ['host-port: node-local DNS'],
  },
  {
    name: 'a namespace no allowance names keeps the plain message',
    docs: [NAMESPACES, pod('blog', '[{containerPort: 80, hostPort: 8080}]')],
    reported: ['host-port: container "app" uses hostPort 8080'],
    suppressed: [],
  },
  {
    name: 'a namespace without a tenant label is its own tenant: tenant shop matches namespace shop',
    docs: [pod('shop', '[{containerPort: 80, hostPort: 8080}]')],
    reported: [],
    suppressed: [`host-port: ${REASON}`],
  },
  {
    name: 'an object without a namespace is in default',
    docs: [pod(undefined, '[{containerPort: 80, hostPort: 8080}]')],
    reported: [],
    suppressed: ['host-port: lab cluster'],
    config: 'allow:\n  - namespace: default\n    hostPorts: ["8080"]\n    reason: lab cluster\n',
  },
  {
    name: 'an object without a namespace is in the -n namespace given',
    docs: [pod(undefined, '[{containerPort: 80, hostPort: 8080}]')],
    options: { defaultNamespace: 'shop' },
    reported: [],
    suppressed: [`host-port: ${REASON}`],
  },
  {
    name: 'conflicts between tenants are reported even inside their allowances',
    config: dedent(`
      allow:
        - namespace: "*"
          hostPorts: ["8080"]
          reason: every team may run its own ingress on 8080
    `),
    docs: [
      pod('team-a', '[{containerPort: 80, hostPort: 8080}]'),
      pod('team-b', '[{containerPort: 80, hostPort: 8080}]'),
    ],
    reported: [
      'host-port-conflict: hostPort 8080/TCP is also requested by Pod team-b/p-team-b of another tenant',
      'host-port-conflict: hostPort 8080/TCP is also requested by Pod team-a/p-team-a of another tenant',
    ],
    suppressed: [
      'host-port: every team may run its own ingress on 8080',
      'host-port: every team may run its own ingress on 8080',
    ],
  },
  {
    name: 'a NodePort Service whose every nodePort is allowed is suppressed',
    docs: [
      NAMESPACES,
      service(
        'shop-prod',
        'NodePort',
        '[{port: 80, nodePort: 30080}, {port: 53, protocol: UDP, nodePort: 30053}]',
      ),
    ],
    reported: [],
    suppressed: [`nodeport-service: ${REASON}`],
  },
  {
    name: 'a NodePort Service with a nodePort outside, and one the cluster picks, names the allowance',
    docs: [
      NAMESPACES,
      service(
        'shop-prod',
        'NodePort',
        '[{port: 80, nodePort: 30080}, {port: 443, nodePort: 31443}, {name: admin, port: 9000}]',
      ),
    ],
    reported: [
      `nodeport-service: Service "web" is of type NodePort: nodePort 31443 is outside tenant shop's allowed 30080, 30053/UDP; port admin has no nodePort, so the one the cluster picks may be outside tenant shop's allowed 30080, 30053/UDP`,
    ],
    suppressed: [],
  },
  {
    name: 'a LoadBalancer Service whose node ports are all allowed is suppressed; one outside names it',
    docs: [
      NAMESPACES,
      service('shop-prod', 'LoadBalancer', '[{port: 80, nodePort: 30080}]'),
      service('shop-prod', 'LoadBalancer', '[{port: 80, nodePort: 30081}]').replace(
        'name: web',
        'name: api',
      ),
    ],
    reported: [
      `loadbalancer-node-ports: Service "api" is of type LoadBalancer and still allocates node ports: nodePort 30081 is outside tenant shop's allowed 30080, 30053/UDP`,
    ],
    suppressed: [`loadbalancer-node-ports: ${REASON}`],
  },
];

const TENANT = dedent(`
  apiVersion: capsule.clastix.io/v1beta2
  kind: Tenant
  metadata:
    name: shop
  spec:
    owners: [{kind: User, name: alice}]
    serviceOptions:
      allowedServices:
        nodePort: false
        loadBalancer: false
      externalIPs:
        allowed: ["10.0.0.0/24", "2001:db8::/64"]
`);

const CAPSULE_CASES: Case[] = [
  {
    name: 'a Capsule Tenant with nodePort: false makes a NodePort Service a finding even where the config allows it',
    docs: [TENANT, NAMESPACES, service('shop-prod', 'NodePort', '[{port: 80, nodePort: 30080}]')],
    reported: [
      'nodeport-service: Service "web" is of type NodePort, which Tenant shop forbids (spec.serviceOptions.allowedServices.nodePort: false)',
    ],
    suppressed: [],
  },
  {
    name: 'loadBalancer: false makes any LoadBalancer Service of the tenant a finding, even without node ports',
    docs: [
      TENANT,
      NAMESPACES,
      service('shop-prod', 'LoadBalancer', '[{port: 80}]', 'allocateLoadBalancerNodePorts: false'),
    ],
    reported: [
      'loadbalancer-node-ports: Service "web" is of type LoadBalancer, which Tenant shop forbids (spec.serviceOptions.allowedServices.loadBalancer: false)',
    ],
    suppressed: [],
  },
  {
    name: "externalIPs inside the Tenant's allowed CIDRs are suppressed; one outside is named",
    docs: [
      TENANT,
      NAMESPACES,
      service('shop-prod', 'ClusterIP', '[{port: 80}]', 'externalIPs: ["10.0.0.7", "2001:db8::1"]'),
      service(
        'shop-prod',
        'ClusterIP',
        '[{port: 80}]',
        'externalIPs: ["10.0.0.8", "10.0.1.8"]',
      ).replace('name: web', 'name: api'),
    ],
    reported: [
      `external-ips: Service "api" claims externalIP 10.0.1.8, outside Tenant shop's allowed 10.0.0.0/24, 2001:db8::/64 (CVE-2020-8554)`,
    ],
    suppressed: [
      'external-ips: Tenant shop allows externalIPs in 10.0.0.0/24, 2001:db8::/64 (spec.serviceOptions.externalIPs.allowed)',
    ],
  },
  {
    name: "the Tenant's status.namespaces count where the Namespace object is not in the scan",
    docs: [
      `${TENANT}status:\n  namespaces: [shop-dev]\n`,
      service('shop-dev', 'NodePort', '[{port: 80, nodePort: 30080}]'),
    ],
    reported: [
      'nodeport-service: Service "web" is of type NodePort, which Tenant shop forbids (spec.serviceOptions.allowedServices.nodePort: false)',
    ],
    suppressed: [],
  },
  {
    name: "a Namespace owned by the Tenant (Capsule's ownerReference) is the Tenant's, without the label",
    docs: [
      TENANT,
      dedent(`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop-qa
          ownerReferences:
            - {apiVersion: capsule.clastix.io/v1beta2, kind: Tenant, name: shop, uid: u1}
      `),
      service('shop-qa', 'NodePort', '[{port: 80, nodePort: 30080}]'),
    ],
    reported: [
      'nodeport-service: Service "web" is of type NodePort, which Tenant shop forbids (spec.serviceOptions.allowedServices.nodePort: false)',
    ],
    suppressed: [],
  },
  {
    name: "another tenant's namespace is not touched by the Tenant",
    docs: [
      TENANT,
      NAMESPACES,
      service('blog', 'ClusterIP', '[{port: 80}]', 'externalIPs: ["10.0.0.7"]'),
    ],
    reported: [
      'external-ips: Service "web" claims externalIPs 10.0.0.7 (CVE-2020-8554); use a LoadBalancer Service or an Ingress instead',
    ],
    suppressed: [],
  },
];

function run(c: Case) {
  const config = loadConfig(c.config ?? CONFIG, '.portguard.yaml');
  const text = c.docs.map((d) => d.trimEnd()).join('\n---\n') + '\n';
  const result = scanFiles([{ file: 'objects.yaml', text }], { config, ...c.options });
  assert.deepEqual(result.errors, []);
  const relevant = [
    'host-port',
    'host-port-conflict',
    'nodeport-service',
    'loadbalancer-node-ports',
    'external-ips',
  ];
  return {
    reported: result.findings
      .filter((f) => relevant.includes(f.rule))
      .map((f) => `${f.rule}: ${f.message}`),
    suppressed: result.suppressed.map((f) => {
      assert.equal(f.suppressed?.kind, 'external');
      return `${f.rule}: ${f.suppressed?.reason}`;
    }),
  };
}

describe('scan with tenant allowances', () => {
  for (const c of CASES)
    it(c.name, () => assert.deepEqual(run(c), { reported: c.reported, suppressed: c.suppressed }));
});

describe('scan with Capsule Tenants', () => {
  for (const c of CAPSULE_CASES)
    it(c.name, () => assert.deepEqual(run(c), { reported: c.reported, suppressed: c.suppressed }));
});
