// The engine's posture step: system namespaces shifted down and marked, NetworkPolicy bypasses shifted up.
import assert from 'node:assert/strict';
import { defaultConfig, findRule, scanFiles, type Rule } from '../../src/index.js';

const pod = (ns: string, spec: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ${ns}}\nspec:\n${spec}`;
const HOST_NETWORK = '  hostNetwork: true\n  containers: [{name: c, image: x}]\n';
const HOST_PORT = '  containers:\n  - name: c\n    ports: [{containerPort: 80, hostPort: 8080}]\n';
const HOST_PID = '  hostPID: true\n  containers: [{name: c, image: x}]\n';
const netpol = (ns: string, name: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${ns}}\nspec: {podSelector: {}}\n`;

const ruleSet = ['host-port', 'host-network', 'host-pid'].map((n) => findRule(n) as Rule);

function scan(docs: string[], severities: Record<string, 'high' | 'medium' | 'low' | 'info'> = {}) {
  const config = defaultConfig();
  Object.assign(config.rules, severities);
  config.systemNamespaces.push('ingress-*');
  return scanFiles([{ file: 'x.yaml', text: docs.join('---\n') }], { config, rules: ruleSet })
    .findings;
}

describe('posture step', () => {
  const cases: Array<{
    title: string;
    docs: string[];
    severities?: Record<string, 'high' | 'medium' | 'low' | 'info'>;
    expect: Array<[string, string, boolean | undefined, string]>;
  }> = [
    {
      title: 'tenant namespace without NetworkPolicies: unchanged',
      docs: [pod('team-a', HOST_NETWORK)],
      expect: [['host-network', 'high', undefined, 'Pod "p" uses hostNetwork=true']],
    },
    {
      title: 'kube-system: one step lower and marked system',
      docs: [pod('kube-system', HOST_NETWORK)],
      expect: [['host-network', 'medium', true, 'Pod "p" uses hostNetwork=true']],
    },
    {
      title: 'a configured glob of system namespaces',
      docs: [pod('ingress-nginx', HOST_PORT)],
      expect: [['host-port', 'medium', true, 'container "c" uses hostPort 8080']],
    },
    {
      title: 'NetworkPolicies in the namespace: one step higher, named in the message',
      docs: [
        netpol('team-a', 'zz-allow-dns'),
        netpol('team-a', 'default-deny'),
        pod('team-a', HOST_PORT),
      ],
      severities: { 'host-port': 'medium' },
      expect: [
        [
          'host-port',
          'high',
          undefined,
          'container "c" uses hostPort 8080; bypasses NetworkPolicy "default-deny", "zz-allow-dns" in namespace team-a',
        ],
      ],
    },
    {
      title: 'already high stays high, the message still names the policy',
      docs: [netpol('team-a', 'default-deny'), pod('team-a', HOST_NETWORK)],
      expect: [
        [
          'host-network',
          'high',
          undefined,
          'Pod "p" uses hostNetwork=true; bypasses NetworkPolicy "default-deny" in namespace team-a',
        ],
      ],
    },
    {
      title: 'NetworkPolicies of another namespace do not count',
      docs: [netpol('team-b', 'default-deny'), pod('team-a', HOST_PORT)],
      severities: { 'host-port': 'low' },
      expect: [['host-port', 'low', undefined, 'container "c" uses hostPort 8080']],
    },
    {
      title: 'hostPID is not network traffic: no rise',
      docs: [netpol('team-a', 'default-deny'), pod('team-a', HOST_PID)],
      expect: [['host-pid', 'medium', undefined, 'pod uses hostPID=true']],
    },
    {
      title: 'system namespace with NetworkPolicies: up one, down one',
      docs: [netpol('kube-system', 'np'), pod('kube-system', HOST_PORT)],
      severities: { 'host-port': 'medium' },
      expect: [
        [
          'host-port',
          'medium',
          true,
          'container "c" uses hostPort 8080; bypasses NetworkPolicy "np" in namespace kube-system',
        ],
      ],
    },
  ];
  for (const c of cases) {
    it(c.title, () => {
      assert.deepEqual(
        scan(c.docs, c.severities).map((f) => [f.rule, f.severity, f.system, f.message]),
        c.expect,
      );
    });
  }

  it('lists the bypassed policies in the finding data', () => {
    const [f] = scan([netpol('t', 'b'), netpol('t', 'a'), pod('t', HOST_NETWORK)]);
    assert.deepEqual(f.data?.networkPolicies, ['a', 'b']);
  });
});
