// Table of service-exposure-unrestricted cases: VAP + binding, Kyverno, Gatekeeper, and what does not block.
import { dedent, testRule } from '../helpers/rule-tester.js';

const NAMESPACES = dedent(`
  apiVersion: v1
  kind: Namespace
  metadata:
    name: kube-system
  ---
  apiVersion: v1
  kind: Namespace
  metadata:
    name: team-a
`);

/** The finding when nothing blocks either exposure: on the first tenant namespace's name. */
const at = (message: string) => ({
  line: 9,
  column: 3,
  endLine: 9,
  endColumn: 15,
  message,
  path: 'metadata.name',
});
const NOTHING =
  'nothing in the cluster refuses NodePort Services or externalIPs: no ValidatingAdmissionPolicy with a Deny binding, Kyverno ClusterPolicy in Enforce mode or Gatekeeper constraint in deny mode matches them (Pod Security Admission does not cover Services)';

const VAP = dedent(`
  apiVersion: admissionregistration.k8s.io/v1
  kind: ValidatingAdmissionPolicy
  metadata:
    name: no-node-exposure
  spec:
    matchConstraints:
      resourceRules:
        - apiGroups: [""]
          apiVersions: ["v1"]
          operations: ["CREATE", "UPDATE"]
          resources: ["services"]
    validations:
      - expression: "!has(object.spec.type) || object.spec.type != 'NodePort'"
      - expression: "!has(object.spec.externalIPs) || size(object.spec.externalIPs) == 0"
`);
const binding = (actions: string) =>
  dedent(`
    apiVersion: admissionregistration.k8s.io/v1
    kind: ValidatingAdmissionPolicyBinding
    metadata:
      name: no-node-exposure
    spec:
      policyName: no-node-exposure
      validationActions: ${actions}
  `);

/** What `kubectl portguard install --webhook` prints, reduced to what the rule reads. */
const portguardWebhook = (failurePolicy: string, resource: string) =>
  dedent(`
    apiVersion: admissionregistration.k8s.io/v1
    kind: ValidatingWebhookConfiguration
    metadata:
      name: portguard
    webhooks:
      - name: validate.portguard.dev
        failurePolicy: ${failurePolicy}
        sideEffects: None
        admissionReviewVersions: [v1]
        clientConfig:
          service: {namespace: portguard, name: portguard, path: /validate}
        rules:
          - operations: [CREATE, UPDATE]
            apiGroups: [""]
            apiVersions: [v1]
            resources: [pods, ${resource}]
            scope: Namespaced
  `);

const kyverno = (action: string, where: 'spec' | 'rule') =>
  dedent(`
    apiVersion: kyverno.io/v1
    kind: ClusterPolicy
    metadata:
      name: restrict-services
    spec:
      ${where === 'spec' ? `validationFailureAction: ${action}` : 'background: true'}
      rules:
        - name: no-nodeport
          match:
            any:
              - resources:
                  kinds: [Service]
          validate:
            ${where === 'rule' ? `failureAction: ${action}` : 'message: no'}
            pattern:
              spec:
                =(type): "!NodePort"
        - name: no-external-ips
          match:
            any:
              - resources:
                  kinds: [Service]
          validate:
            ${where === 'rule' ? `failureAction: ${action}` : 'message: no'}
            pattern:
              spec:
                X(externalIPs): "null"
  `);

const gatekeeper = (action: string) =>
  dedent(`
    apiVersion: constraints.gatekeeper.sh/v1beta1
    kind: K8sBlockNodePort
    metadata:
      name: block-node-port
    spec:
      enforcementAction: ${action}
      match:
        kinds:
          - apiGroups: [""]
            kinds: ["Service"]
    ---
    apiVersion: constraints.gatekeeper.sh/v1beta1
    kind: PortguardExternalIPs
    metadata:
      name: no-external-ips
    ---
    apiVersion: templates.gatekeeper.sh/v1
    kind: ConstraintTemplate
    metadata:
      name: portguardexternalips
    spec:
      crd:
        spec:
          names:
            kind: PortguardExternalIPs
      targets:
        - target: admission.k8s.gatekeeper.sh
          rego: |
            package portguardexternalips
            violation[{"msg": msg}] {
              count(input.review.object.spec.externalIPs) > 0
              msg := "externalIPs are not allowed"
            }
  `);

const join = (...docs: string[]) => docs.join('---\n');

describe('rule service-exposure-unrestricted', () => {
  testRule('service-exposure-unrestricted', [
    {
      name: 'no Namespace in the set: not a cluster, nothing to say',
      text: dedent(`
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: team-a}
        spec: {type: NodePort}
      `),
      findings: [],
    },
    {
      name: 'namespaces and no admission policy: reported once, on the cluster',
      text: NAMESPACES,
      findings: [at(NOTHING)],
    },
    {
      name: 'reported on the Cluster "-", placed at the alphabetically first tenant namespace, whatever the order of the set',
      text: join(
        dedent(`
          apiVersion: v1
          kind: Namespace
          metadata:
            name: zeta
        `),
        NAMESPACES,
      ),
      findings: [{ ...at(NOTHING), line: 14, endLine: 14, object: 'Cluster /-' }],
    },
    {
      name: 'the Cluster is named after the context scanned',
      text: NAMESPACES,
      options: { clusterName: 'prod-eu' },
      findings: [{ ...at(NOTHING), object: 'Cluster /prod-eu' }],
    },
    {
      name: "a tenant namespace's ignore annotation does not hide the cluster's finding",
      text: NAMESPACES.replace(
        '    name: team-a',
        '    name: team-a\n  annotations: {portguard.dev/ignore: all}',
      ),
      findings: [{ ...at(NOTHING), object: 'Cluster /-' }],
    },
    {
      name: 'a ValidatingAdmissionPolicy with a Deny binding blocks both',
      text: join(NAMESPACES, VAP, binding('[Deny]')),
      findings: [],
    },
    {
      name: 'a ValidatingAdmissionPolicy without a binding blocks nothing',
      text: join(NAMESPACES, VAP),
      findings: [at(NOTHING)],
    },
    {
      name: 'a binding that only warns or audits blocks nothing',
      text: join(NAMESPACES, VAP, binding('[Warn, Audit]')),
      findings: [at(NOTHING)],
    },
    {
      name: 'a ValidatingAdmissionPolicy that does not match Services blocks nothing',
      text: join(
        NAMESPACES,
        VAP.replace('resources: ["services"]', 'resources: ["pods"]'),
        binding('[Deny]'),
      ),
      findings: [at(NOTHING)],
    },
    {
      name: 'a Kyverno ClusterPolicy in Enforce mode blocks both',
      text: join(NAMESPACES, kyverno('Enforce', 'spec')),
      findings: [],
    },
    {
      name: 'Kyverno per-rule failureAction Enforce blocks both',
      text: join(NAMESPACES, kyverno('Enforce', 'rule')),
      findings: [],
    },
    {
      name: 'a Kyverno ClusterPolicy in Audit mode blocks nothing',
      text: join(NAMESPACES, kyverno('Audit', 'spec')),
      findings: [at(NOTHING)],
    },
    {
      name: 'Gatekeeper: a library kind and a template in the set, both in deny mode',
      text: join(NAMESPACES, gatekeeper('deny')),
      findings: [],
    },
    {
      name: 'Gatekeeper in dryrun blocks nothing; the other constraint still blocks externalIPs',
      text: join(NAMESPACES, gatekeeper('dryrun')),
      findings: [
        at(
          `${NOTHING.replace('NodePort Services or externalIPs', 'NodePort Services')}; blocked: externalIPs by PortguardExternalIPs "no-external-ips"`,
        ),
      ],
    },
    {
      name: "Gatekeeper: portguard's own constraint kind without its template (a live cluster lists constraints only)",
      text: join(
        NAMESPACES,
        dedent(`
          apiVersion: constraints.gatekeeper.sh/v1beta1
          kind: PortguardHostExposure
          metadata:
            name: portguard-host-exposure
          spec:
            enforcementAction: deny
        `),
      ),
      findings: [],
    },
    {
      name: "portguard's own admission webhook with failurePolicy Fail (install --mode deny) blocks both",
      text: join(NAMESPACES, portguardWebhook('Fail', 'services')),
      findings: [],
    },
    {
      name: "portguard's webhook with failurePolicy Ignore (warn or audit mode) blocks nothing",
      text: join(NAMESPACES, portguardWebhook('Ignore', 'services')),
      findings: [at(NOTHING)],
    },
    {
      name: "portguard's webhook that does not review Services blocks nothing",
      text: join(NAMESPACES, portguardWebhook('Fail', 'pods')),
      findings: [at(NOTHING)],
    },
    {
      name: "another vendor's webhook blocks nothing: what it refuses cannot be read off it",
      text: join(
        NAMESPACES,
        portguardWebhook('Fail', 'services').replace(
          'validate.portguard.dev',
          'policy.example.com',
        ),
      ),
      findings: [at(NOTHING)],
    },
    {
      name: 'only NodePort blocked: externalIPs still open',
      text: join(
        NAMESPACES,
        VAP.split('\n')
          .filter((l) => !l.includes('externalIPs'))
          .join('\n'),
        binding('[Deny]'),
      ),
      findings: [
        at(
          `${NOTHING.replace('NodePort Services or externalIPs', 'externalIPs')}; blocked: NodePort Services by ValidatingAdmissionPolicy "no-node-exposure"`,
        ),
      ],
    },
  ]);
});
