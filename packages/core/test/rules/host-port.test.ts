// Table of host-port cases: every workload kind, the PSS edge cases, JSON and kind: List.
import { dedent, testRule } from '../helpers/rule-tester.js';

describe('rule host-port', () => {
  testRule('host-port', [
    {
      name: 'Pod with a hostPort',
      text: dedent(`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          namespace: team-a
        spec:
          containers:
            - name: app
              image: nginx
              ports:
                - containerPort: 80
                  hostPort: 8080
      `),
      findings: [
        {
          line: 12,
          column: 11,
          endLine: 12,
          endColumn: 25,
          message: 'container "app" uses hostPort 8080',
          path: 'spec.containers[0].ports[0].hostPort',
        },
      ],
    },
    {
      name: 'hostPort 0 and an unset hostPort are allowed (PSS baseline)',
      text: dedent(`
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          containers:
            - name: app
              ports:
                - containerPort: 80
                  hostPort: 0
                - containerPort: 81
      `),
      findings: [],
    },
    {
      name: 'a string-valued hostPort counts as the number it spells',
      text: dedent(`
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          containers:
            - name: app
              ports:
                - containerPort: 80
                  hostPort: "8080"
                - containerPort: 81
                  hostPort: "0"
      `),
      findings: [
        {
          line: 9,
          column: 11,
          endLine: 9,
          endColumn: 27,
          message: 'container "app" uses hostPort 8080',
          path: 'spec.containers[0].ports[0].hostPort',
        },
      ],
    },
    {
      name: 'values that are not port numbers are not hostPorts',
      text: dedent(`
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          containers:
            - name: app
              ports:
                - {containerPort: 80, hostPort: true}
                - {containerPort: 81, hostPort: -1}
                - {containerPort: 82, hostPort: http}
                - {containerPort: 83, hostPort: 80.5}
                - {containerPort: 84, hostPort: null}
      `),
      findings: [],
    },
    {
      name: 'with a hostIP, and with a UDP protocol, it is still a hostPort',
      text: dedent(`
        apiVersion: v1
        kind: Pod
        metadata: {name: dns}
        spec:
          containers:
            - name: dnsmasq
              ports:
                - {containerPort: 53, hostPort: 53, protocol: udp}
                - {containerPort: 53, hostPort: 53, hostIP: 127.0.0.1}
      `),
      findings: [
        {
          line: 8,
          column: 31,
          endLine: 8,
          endColumn: 43,
          message: 'container "dnsmasq" uses hostPort 53',
          path: 'spec.containers[0].ports[0].hostPort',
        },
        {
          line: 9,
          column: 31,
          endLine: 9,
          endColumn: 43,
          message: 'container "dnsmasq" uses hostPort 53',
          path: 'spec.containers[0].ports[1].hostPort',
        },
      ],
    },
    {
      name: 'initContainers and ephemeralContainers count',
      text: dedent(`
        apiVersion: v1
        kind: Pod
        metadata: {name: debug}
        spec:
          initContainers:
            - name: init
              ports: [{containerPort: 9000, hostPort: 9000}]
          containers:
            - name: app
          ephemeralContainers:
            - name: dbg
              ports: [{containerPort: 2345, hostPort: 2345}]
      `),
      findings: [
        {
          line: 7,
          column: 37,
          endLine: 7,
          endColumn: 51,
          message: 'container "init" uses hostPort 9000',
          path: 'spec.initContainers[0].ports[0].hostPort',
        },
        {
          line: 12,
          column: 37,
          endLine: 12,
          endColumn: 51,
          message: 'container "dbg" uses hostPort 2345',
          path: 'spec.ephemeralContainers[0].ports[0].hostPort',
        },
      ],
    },
    {
      name: 'a hostNetwork pod without hostPort is left to host-network',
      text: dedent(`
        apiVersion: v1
        kind: Pod
        metadata: {name: agent}
        spec:
          hostNetwork: true
          containers:
            - name: agent
              ports: [{containerPort: 9100}]
      `),
      findings: [],
    },
    {
      name: 'Deployment',
      text: dedent(`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: team-a}
        spec:
          template:
            spec:
              containers:
                - name: app
                  ports:
                    - containerPort: 8080
                      hostPort: 80
      `),
      findings: [
        {
          line: 11,
          column: 15,
          endLine: 11,
          endColumn: 27,
          message: 'container "app" uses hostPort 80',
          path: 'spec.template.spec.containers[0].ports[0].hostPort',
        },
      ],
    },
    {
      name: 'ReplicaSet',
      text: dedent(`
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata: {name: web}
        spec:
          template:
            spec:
              containers: [{name: app, ports: [{containerPort: 80, hostPort: 81}]}]
      `),
      findings: [
        {
          line: 7,
          column: 60,
          endLine: 7,
          endColumn: 72,
          message: 'container "app" uses hostPort 81',
          path: 'spec.template.spec.containers[0].ports[0].hostPort',
        },
      ],
    },
    {
      name: 'ReplicationController',
      text: dedent(`
        apiVersion: v1
        kind: ReplicationController
        metadata: {name: web}
        spec:
          template:
            spec:
              containers: [{name: app, ports: [{containerPort: 80, hostPort: 82}]}]
      `),
      findings: [
        {
          line: 7,
          column: 60,
          endLine: 7,
          endColumn: 72,
          message: 'container "app" uses hostPort 82',
          path: 'spec.template.spec.containers[0].ports[0].hostPort',
        },
      ],
    },
    {
      name: 'StatefulSet',
      text: dedent(`
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db}
        spec:
          template:
            spec:
              containers: [{name: pg, ports: [{containerPort: 5432, hostPort: 5432}]}]
      `),
      findings: [
        {
          line: 7,
          column: 61,
          endLine: 7,
          endColumn: 75,
          message: 'container "pg" uses hostPort 5432',
          path: 'spec.template.spec.containers[0].ports[0].hostPort',
        },
      ],
    },
    {
      name: 'DaemonSet',
      text: dedent(`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: ingress}
        spec:
          template:
            spec:
              containers: [{name: nginx, ports: [{containerPort: 443, hostPort: 443}]}]
      `),
      findings: [
        {
          line: 7,
          column: 63,
          endLine: 7,
          endColumn: 76,
          message: 'container "nginx" uses hostPort 443',
          path: 'spec.template.spec.containers[0].ports[0].hostPort',
        },
      ],
    },
    {
      name: 'Job',
      text: dedent(`
        apiVersion: batch/v1
        kind: Job
        metadata: {name: once}
        spec:
          template:
            spec:
              containers: [{name: task, ports: [{containerPort: 80, hostPort: 8000}]}]
      `),
      findings: [
        {
          line: 7,
          column: 61,
          endLine: 7,
          endColumn: 75,
          message: 'container "task" uses hostPort 8000',
          path: 'spec.template.spec.containers[0].ports[0].hostPort',
        },
      ],
    },
    {
      name: 'CronJob',
      text: dedent(`
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: nightly}
        spec:
          schedule: "0 3 * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  containers: [{name: task, ports: [{containerPort: 80, hostPort: 8001}]}]
      `),
      findings: [
        {
          line: 10,
          column: 65,
          endLine: 10,
          endColumn: 79,
          message: 'container "task" uses hostPort 8001',
          path: 'spec.jobTemplate.spec.template.spec.containers[0].ports[0].hostPort',
        },
      ],
    },
    {
      name: 'PodTemplate',
      text: dedent(`
        apiVersion: v1
        kind: PodTemplate
        metadata: {name: tpl}
        template:
          spec:
            containers: [{name: app, ports: [{containerPort: 80, hostPort: 8002}]}]
      `),
      findings: [
        {
          line: 6,
          column: 58,
          endLine: 6,
          endColumn: 72,
          message: 'container "app" uses hostPort 8002',
          path: 'template.spec.containers[0].ports[0].hostPort',
        },
      ],
    },
    {
      name: 'an Argo Rollout (a CRD with spec.template.spec)',
      text: dedent(`
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata: {name: canary, namespace: team-b}
        spec:
          strategy:
            canary: {steps: [{setWeight: 20}]}
          template:
            spec:
              containers:
                - name: rollouts-demo
                  image: argoproj/rollouts-demo:blue
                  ports:
                    - name: http
                      containerPort: 8080
                      hostPort: 8080
      `),
      findings: [
        {
          line: 15,
          column: 15,
          endLine: 15,
          endColumn: 29,
          message: 'container "rollouts-demo" uses hostPort 8080',
          path: 'spec.template.spec.containers[0].ports[0].hostPort',
        },
      ],
    },
    {
      name: 'a Service and a ConfigMap are not workloads',
      text: dedent(`
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          ports: [{port: 80, targetPort: 8080}]
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cfg}
        data:
          hostPort: "8080"
      `),
      findings: [],
    },
    {
      name: 'JSON input',
      file: 'pod.json',
      text: dedent(`
        {
          "apiVersion": "v1",
          "kind": "Pod",
          "metadata": {"name": "web"},
          "spec": {
            "containers": [
              {"name": "app", "ports": [{"containerPort": 80, "hostPort": 8080}]}
            ]
          }
        }
      `),
      findings: [
        {
          line: 7,
          column: 55,
          endLine: 7,
          endColumn: 71,
          message: 'container "app" uses hostPort 8080',
          path: 'spec.containers[0].ports[0].hostPort',
        },
      ],
    },
    {
      name: 'kind: List, as kubectl get -o yaml prints it',
      text: dedent(`
        apiVersion: v1
        kind: List
        metadata:
          resourceVersion: ""
        items:
          - apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: a, namespace: team-a}
            spec:
              template:
                spec:
                  containers:
                    - name: app
                      ports:
                        - containerPort: 80
                          hostPort: 80
          - apiVersion: v1
            kind: Pod
            metadata: {name: b, namespace: team-b}
            spec:
              containers: [{name: app, ports: [{containerPort: 80}]}]
      `),
      findings: [
        {
          line: 16,
          column: 19,
          endLine: 16,
          endColumn: 31,
          message: 'container "app" uses hostPort 80',
          path: 'spec.template.spec.containers[0].ports[0].hostPort',
          object: 'DaemonSet team-a/a',
        },
      ],
    },
  ]);
});
