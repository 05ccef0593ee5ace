// The Pod Security Admission label commands: per namespace from known labels, or one selector command.
import assert from 'node:assert/strict';
import { generatePsaCommands, resolvePolicyOptions, type Action } from '../src/index.js';

const HEADER_ENFORCE = [
  '# Pod Security Admission at baseline, enforce mode: refuses pods with hostPort, hostNetwork, hostPID or hostIPC.',
  '# It does not cover Services: use --engine vap, kyverno or gatekeeper against NodePort Services and externalIPs.',
];

describe('Pod Security Admission commands', () => {
  it('labels each tenant namespace that does not already refuse, never weakening restricted', () => {
    const out = generatePsaCommands(resolvePolicyOptions({ exemptNamespaces: ['ingress-nginx'] }), [
      { name: 'team-a', labels: {} },
      { name: 'team-b', labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } },
      { name: 'team-c', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
      { name: 'team-d', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } },
      { name: 'team-e' },
      { name: 'team-a' },
      { name: 'kube-system', labels: {} },
      { name: 'ingress-nginx', labels: {} },
    ]);
    assert.equal(
      out,
      [
        ...HEADER_ENFORCE,
        'kubectl label --overwrite ns team-a pod-security.kubernetes.io/enforce=baseline',
        'kubectl label --overwrite ns team-b pod-security.kubernetes.io/enforce=baseline',
        // Labels unknown: without --overwrite kubectl refuses to replace a stricter level.
        'kubectl label ns team-e pod-security.kubernetes.io/enforce=baseline',
        '',
      ].join('\n'),
    );
  });

  it('says so when every namespace already refuses', () => {
    const out = generatePsaCommands(resolvePolicyOptions({}), [
      { name: 'team-a', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
    ]);
    assert.equal(
      out,
      [
        ...HEADER_ENFORCE,
        '# every tenant namespace already has pod-security.kubernetes.io/enforce=baseline or restricted',
        '',
      ].join('\n'),
    );
  });

  const modes: Array<[Action, string, string]> = [
    ['deny', 'enforce', 'refuses'],
    ['warn', 'warn', 'warns the user about'],
    ['audit', 'audit', 'records in the audit log'],
  ];
  for (const [action, mode, effect] of modes) {
    it(`without namespaces, --action ${action}: one selector command in ${mode} mode`, () => {
      const out = generatePsaCommands(
        resolvePolicyOptions({ action, exemptNamespaces: ['monitoring'] }),
      );
      assert.equal(
        out,
        [
          `# Pod Security Admission at baseline, ${mode} mode: ${effect} pods with hostPort, hostNetwork, hostPID or hostIPC.`,
          HEADER_ENFORCE[1],
          `kubectl label --overwrite ns -l 'kubernetes.io/metadata.name notin (kube-system,monitoring),pod-security.kubernetes.io/${mode} notin (baseline,restricted)' pod-security.kubernetes.io/${mode}=baseline`,
          '',
        ].join('\n'),
      );
    });
  }
});
