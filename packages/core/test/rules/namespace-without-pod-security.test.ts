// Table of namespace-without-pod-security cases: missing label, privileged, invalid, enforced, system.
import { defaultConfig } from '../../src/index.js';
import { dedent, testRule } from '../helpers/rule-tester.js';

const config = defaultConfig();
config.systemNamespaces.push('ingress-*');

describe('rule namespace-without-pod-security', () => {
  testRule('namespace-without-pod-security', [
    {
      name: 'a namespace without labels',
      text: dedent(`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: team-a
      `),
      findings: [
        {
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 10,
          message:
            'namespace "team-a" has no pod-security.kubernetes.io/enforce label: pods with hostPort or hostNetwork are admitted',
          path: 'metadata',
        },
      ],
    },
    {
      name: 'labels without the enforce label (warn and audit do not refuse)',
      text: dedent(`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: team-a
          labels:
            capsule.clastix.io/tenant: oil
            pod-security.kubernetes.io/warn: baseline
            pod-security.kubernetes.io/audit: restricted
      `),
      findings: [
        {
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 10,
          message:
            'namespace "team-a" has no pod-security.kubernetes.io/enforce label: pods with hostPort or hostNetwork are admitted',
          path: 'metadata.labels',
        },
      ],
    },
    {
      name: 'enforce privileged',
      text: dedent(`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: team-a
          labels:
            pod-security.kubernetes.io/enforce: privileged
      `),
      findings: [
        {
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 51,
          message:
            'namespace "team-a" enforces Pod Security level "privileged": pods with hostPort or hostNetwork are admitted',
          path: 'metadata.labels["pod-security.kubernetes.io/enforce"]',
        },
      ],
    },
    {
      name: 'an invalid enforce value',
      text: dedent(`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: team-a
          labels: {pod-security.kubernetes.io/enforce: Baseline}
      `),
      findings: [
        {
          line: 5,
          column: 12,
          endLine: 5,
          endColumn: 56,
          message:
            'namespace "team-a" has an invalid pod-security.kubernetes.io/enforce value "Baseline": pods with hostPort or hostNetwork are admitted',
          path: 'metadata.labels["pod-security.kubernetes.io/enforce"]',
        },
      ],
    },
    {
      name: 'enforce baseline and restricted pass',
      text: dedent(`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: team-a
          labels:
            pod-security.kubernetes.io/enforce: baseline
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: team-b
          labels:
            pod-security.kubernetes.io/enforce: restricted
            pod-security.kubernetes.io/enforce-version: latest
      `),
      findings: [],
    },
    {
      name: 'system namespaces are not tenant namespaces',
      text: dedent(`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: kube-system
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: ingress-nginx
      `),
      options: { config },
      findings: [],
    },
    {
      name: 'other kinds are not looked at',
      text: dedent(`
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: team-a
      `),
      findings: [],
    },
  ]);
});
