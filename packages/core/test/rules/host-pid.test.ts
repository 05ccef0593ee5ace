// Table of host-pid cases: hostX: true in each place a pod spec lives; false and unset are clean.
import { dedent, testRule } from '../helpers/rule-tester.js';

describe('rule host-pid', () => {
  testRule('host-pid', [
    {
      name: 'Pod with hostPID: true',
      text: dedent(`
        apiVersion: v1
        kind: Pod
        metadata:
          name: debug
          namespace: team-a
        spec:
          hostPID: true
          containers:
            - name: shell
              image: busybox
      `),
      findings: [
        {
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 16,
          message: 'pod uses hostPID=true',
          path: 'spec.hostPID',
        },
      ],
    },
    {
      name: 'hostPID: false, unset, or a string is clean',
      text: dedent(`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec: {hostPID: false, containers: [{name: c}]}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: b}
        spec: {template: {spec: {containers: [{name: c}]}}}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: c}
        spec: {hostPID: "true", containers: [{name: c}]}
      `),
      findings: [],
    },
    {
      name: 'DaemonSet, CronJob and a Rollout',
      text: dedent(`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: agent, namespace: kube-system}
        spec:
          template:
            spec:
              hostPID: true
              containers: [{name: c}]
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: cron}
        spec: {jobTemplate: {spec: {template: {spec: {hostPID: true, containers: [{name: c}]}}}}}
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata: {name: ro}
        spec: {template: {spec: {hostPID: true, containers: [{name: c}]}}}
      `),
      findings: [
        {
          line: 7,
          column: 7,
          endLine: 7,
          endColumn: 20,
          message: 'pod uses hostPID=true',
          path: 'spec.template.spec.hostPID',
          object: 'DaemonSet kube-system/agent',
        },
        {
          line: 13,
          column: 47,
          endLine: 13,
          endColumn: 60,
          message: 'pod uses hostPID=true',
          path: 'spec.jobTemplate.spec.template.spec.hostPID',
          object: 'CronJob /cron',
        },
        {
          line: 18,
          column: 26,
          endLine: 18,
          endColumn: 39,
          message: 'pod uses hostPID=true',
          path: 'spec.template.spec.hostPID',
          object: 'Rollout /ro',
        },
      ],
    },
    {
      name: 'JSON input',
      file: 'pod.json',
      text: '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"hostPID": true}}',
      findings: [
        {
          line: 1,
          column: 73,
          endLine: 1,
          endColumn: 88,
          message: 'pod uses hostPID=true',
          path: 'spec.hostPID',
        },
      ],
    },
    {
      name: 'kind: List items',
      text: dedent(`
        apiVersion: v1
        kind: List
        items:
          - apiVersion: v1
            kind: Pod
            metadata: {name: p, namespace: team-b}
            spec: {hostPID: true, containers: [{name: c}]}
      `),
      findings: [
        {
          line: 7,
          column: 12,
          endLine: 7,
          endColumn: 25,
          message: 'pod uses hostPID=true',
          path: 'spec.hostPID',
          object: 'Pod team-b/p',
        },
      ],
    },
  ]);
});
