// Table of host-network cases: the pod spec in every workload kind, the ports it listens on.
import { dedent, testRule } from '../helpers/rule-tester.js';

describe('rule host-network', () => {
  testRule('host-network', [
    {
      name: 'Pod with hostNetwork: true and its listening ports',
      text: dedent(`
        apiVersion: v1
        kind: Pod
        metadata: {name: exporter, namespace: monitoring}
        spec:
          hostNetwork: true
          containers:
            - name: node-exporter
              ports:
                - containerPort: 9100
                - containerPort: "9101"
                  protocol: UDP
          initContainers:
            - name: init
              ports: [{containerPort: 9100}]
      `),
      findings: [
        {
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 20,
          message: 'Pod "exporter" uses hostNetwork=true and listens on node ports 9100, 9101/UDP',
          path: 'spec.hostNetwork',
        },
      ],
    },
    {
      name: 'without ports it still shares the node network',
      text: dedent(`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          hostNetwork: true
          containers: [{name: c}]
      `),
      findings: [
        {
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 20,
          message: 'Pod "p" uses hostNetwork=true',
          path: 'spec.hostNetwork',
        },
      ],
    },
    {
      name: 'hostNetwork: false, unset, or a string is clean',
      text: dedent(`
        apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec: {hostNetwork: false, containers: [{name: c}]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: b}
        spec: {containers: [{name: c, ports: [{containerPort: 80}]}]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: c}
        spec: {hostNetwork: "true", containers: [{name: c}]}
      `),
      findings: [],
    },
    {
      name: 'DaemonSet, StatefulSet, ReplicaSet, ReplicationController, Job, CronJob, PodTemplate, Rollout',
      text: dedent(`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: ds}
        spec: {template: {spec: {hostNetwork: true, containers: [{name: c}]}}}
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: sts}
        spec: {template: {spec: {hostNetwork: true, containers: [{name: c}]}}}
        ---
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata: {name: rs}
        spec: {template: {spec: {hostNetwork: true, containers: [{name: c}]}}}
        ---
        apiVersion: v1
        kind: ReplicationController
        metadata: {name: rc}
        spec: {template: {spec: {hostNetwork: true, containers: [{name: c}]}}}
        ---
        apiVersion: batch/v1
        kind: Job
        metadata: {name: job}
        spec: {template: {spec: {hostNetwork: true, containers: [{name: c}]}}}
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: cron}
        spec: {jobTemplate: {spec: {template: {spec: {hostNetwork: true, containers: [{name: c}]}}}}}
        ---
        apiVersion: v1
        kind: PodTemplate
        metadata: {name: tpl}
        template: {spec: {hostNetwork: true, containers: [{name: c}]}}
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata: {name: ro}
        spec: {template: {spec: {hostNetwork: true, containers: [{name: c}]}}}
      `),
      findings: [
        {
          line: 4,
          column: 26,
          endLine: 4,
          endColumn: 43,
          message: 'DaemonSet "ds" uses hostNetwork=true',
          path: 'spec.template.spec.hostNetwork',
          object: 'DaemonSet /ds',
        },
        {
          line: 9,
          column: 26,
          endLine: 9,
          endColumn: 43,
          message: 'StatefulSet "sts" uses hostNetwork=true',
          path: 'spec.template.spec.hostNetwork',
          object: 'StatefulSet /sts',
        },
        {
          line: 14,
          column: 26,
          endLine: 14,
          endColumn: 43,
          message: 'ReplicaSet "rs" uses hostNetwork=true',
          path: 'spec.template.spec.hostNetwork',
          object: 'ReplicaSet /rs',
        },
        {
          line: 19,
          column: 26,
          endLine: 19,
          endColumn: 43,
          message: 'ReplicationController "rc" uses hostNetwork=true',
          path: 'spec.template.spec.hostNetwork',
          object: 'ReplicationController /rc',
        },
        {
          line: 24,
          column: 26,
          endLine: 24,
          endColumn: 43,
          message: 'Job "job" uses hostNetwork=true',
          path: 'spec.template.spec.hostNetwork',
          object: 'Job /job',
        },
        {
          line: 29,
          column: 47,
          endLine: 29,
          endColumn: 64,
          message: 'CronJob "cron" uses hostNetwork=true',
          path: 'spec.jobTemplate.spec.template.spec.hostNetwork',
          object: 'CronJob /cron',
        },
        {
          line: 34,
          column: 19,
          endLine: 34,
          endColumn: 36,
          message: 'PodTemplate "tpl" uses hostNetwork=true',
          path: 'template.spec.hostNetwork',
          object: 'PodTemplate /tpl',
        },
        {
          line: 39,
          column: 26,
          endLine: 39,
          endColumn: 43,
          message: 'Rollout "ro" uses hostNetwork=true',
          path: 'spec.template.spec.hostNetwork',
          object: 'Rollout /ro',
        },
      ],
    },
    {
      name: 'Deployment in JSON',
      file: 'deploy.json',
      text: dedent(`
        {
          "apiVersion": "apps/v1",
          "kind": "Deployment",
          "metadata": {"name": "web", "namespace": "team-a"},
          "spec": {"template": {"spec": {
            "hostNetwork": true,
            "containers": [{"name": "app", "ports": [{"containerPort": 8080}]}]
          }}}
        }
      `),
      findings: [
        {
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 24,
          message: 'Deployment "web" uses hostNetwork=true and listens on node port 8080',
          path: 'spec.template.spec.hostNetwork',
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
            metadata: {name: clean}
            spec: {containers: [{name: c}]}
          - apiVersion: v1
            kind: Pod
            metadata: {name: hostnet, namespace: team-a}
            spec:
              hostNetwork: true
              containers: [{name: c}]
      `),
      findings: [
        {
          line: 12,
          column: 7,
          endLine: 12,
          endColumn: 24,
          message: 'Pod "hostnet" uses hostNetwork=true',
          path: 'spec.hostNetwork',
          object: 'Pod team-a/hostnet',
        },
      ],
    },
  ]);
});
