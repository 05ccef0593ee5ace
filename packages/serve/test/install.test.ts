// install's manifests: valid against the Kubernetes OpenAPI schema, least privilege, Pod Security restricted, clean under portguard's own scan.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { parseAllDocuments } from 'yaml';
import { scanFiles } from '@portguard/core';
import { generateTls } from '@portguard/apiserver';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ValidatingWebhookConfiguration } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { installManifests, printManifests, serviceDnsNames } from '../src/install/manifests.js';
import type { Mode } from '../src/webhook/review.js';

const MODELS: Record<string, new (o: any) => { validate(): void }> = {
  Namespace,
  ServiceAccount,
  Secret,
  Service,
  ClusterRole,
  ClusterRoleBinding,
  Deployment,
  PodDisruptionBudget,
  ValidatingWebhookConfiguration,
  PrometheusRule,
};

const tls = generateTls({ dnsNames: serviceDnsNames('guard') });
const webhook = { caCert: tls.ca.cert, cert: tls.server.cert, key: tls.server.key };
const printed = (mode: Mode, withWebhook: boolean) =>
  printManifests(
    installManifests({
      namespace: 'guard',
      image: 'ghcr.io/portguard/portguard:0.1.0',
      mode,
      webhook: withWebhook ? webhook : undefined,
    }),
  );
/** The printed stream read back: what kubectl apply would get. */
const objectsOf = (text: string) => parseAllDocuments(text).map((d) => d.toJS());
const byKind = (objects: any[], kind: string) => objects.find((o) => o.kind === kind);

/** The Pod Security Standards `restricted` checks of a pod spec (as kube-apiserver's PSA runs them), each a failure message or nothing. */
function restrictedViolations(spec: any): string[] {
  const out: string[] = [];
  const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  if (spec.hostNetwork || spec.hostPID || spec.hostIPC) out.push('host namespaces');
  const allowedVolumes = new Set([
    'configMap',
    'csi',
    'downwardAPI',
    'emptyDir',
    'ephemeral',
    'persistentVolumeClaim',
    'projected',
    'secret',
  ]);
  for (const v of spec.volumes ?? [])
    for (const k of Object.keys(v))
      if (k !== 'name' && !allowedVolumes.has(k)) out.push(`volume type ${k}`);
  const podSc = spec.securityContext ?? {};
  const seccomp = (sc: any) => sc?.seccompProfile?.type;
  for (const c of containers) {
    const sc = c.securityContext ?? {};
    if (sc.privileged) out.push(`${c.name}: privileged`);
    if (sc.allowPrivilegeEscalation !== false)
      out.push(`${c.name}: allowPrivilegeEscalation != false`);
    if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true)
      out.push(`${c.name}: runAsNonRoot != true`);
    if ((sc.runAsUser ?? podSc.runAsUser) === 0) out.push(`${c.name}: runAsUser=0`);
    const profile = seccomp(sc) ?? seccomp(podSc);
    if (profile !== 'RuntimeDefault' && profile !== 'Localhost')
      out.push(`${c.name}: seccompProfile`);
    const drop: string[] = sc.capabilities?.drop ?? [];
    if (!drop.includes('ALL')) out.push(`${c.name}: capabilities.drop must include ALL`);
    for (const add of sc.capabilities?.add ?? [])
      if (add !== 'NET_BIND_SERVICE') out.push(`${c.name}: adds ${add}`);
    for (const p of c.ports ?? []) if (p.hostPort) out.push(`${c.name}: hostPort`);
  }
  return out;
}

describe('install manifests', () => {
  for (const [mode, withWebhook] of [
    ['warn', false],
    ['deny', true],
    ['warn', true],
    ['audit', true],
  ] as const) {
    describe(`${withWebhook ? '--webhook ' : ''}--mode ${mode}`, () => {
      const objects = objectsOf(printed(mode, withWebhook));

      it('are the contract objects, in apply order', () => {
        assert.deepEqual(
          objects.map((o) => o.kind),
          [
            'Namespace',
            'ServiceAccount',
            'ClusterRole',
            'ClusterRoleBinding',
            ...(withWebhook ? ['Secret'] : []),
            'Deployment',
            'Service',
            'PodDisruptionBudget',
            'PrometheusRule',
            ...(withWebhook ? ['ValidatingWebhookConfiguration'] : []),
          ],
        );
      });

      it('each validates against its OpenAPI schema (kubernetes-models)', () => {
        for (const o of objects) {
          const Model = MODELS[o.kind];
          assert.ok(Model, `no model for ${o.kind}`);
          new Model(o).validate();
        }
      });

      it('the ClusterRole can only get, list and watch, every resource named', () => {
        const role = byKind(objects, 'ClusterRole');
        for (const r of role.rules) {
          assert.deepEqual(r.verbs, ['get', 'list', 'watch']);
          assert.ok(!r.resources.includes('*') && !r.apiGroups.includes('*'));
        }
        const resources = role.rules.flatMap((r: any) => r.resources);
        for (const needed of [
          'pods',
          'services',
          'namespaces',
          'deployments',
          'daemonsets',
          'networkpolicies',
          'tenants',
        ])
          assert.ok(resources.includes(needed), needed);
      });

      it('the Deployment passes Pod Security restricted', () => {
        const pod = byKind(objects, 'Deployment').spec.template.spec;
        assert.deepEqual(restrictedViolations(pod), []);
        assert.equal(
          byKind(objects, 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce'],
          'restricted',
        );
      });

      it("portguard's own scan finds nothing in them", () => {
        const result = scanFiles([{ file: 'install.yaml', text: printed(mode, withWebhook) }]);
        // service-exposure-unrestricted speaks of the whole cluster's admission control: only
        // portguard's own webhook in deny mode (failurePolicy Fail) refuses NodePort Services.
        const expected =
          withWebhook && mode === 'deny' ? [] : ['service-exposure-unrestricted Cluster/-'];
        assert.deepEqual(
          result.findings.map((f) => `${f.rule} ${f.object.kind}/${f.object.name}`),
          expected,
        );
        assert.deepEqual(result.errors, []);
      });

      if (withWebhook)
        it(`the webhook: caBundle, timeoutSeconds 2, failurePolicy ${mode === 'deny' ? 'Fail' : 'Ignore'}, a certificate for the Service`, () => {
          const vwc = byKind(objects, 'ValidatingWebhookConfiguration');
          const [hook] = vwc.webhooks;
          assert.equal(hook.timeoutSeconds, 2);
          assert.equal(hook.failurePolicy, mode === 'deny' ? 'Fail' : 'Ignore');
          assert.deepEqual(hook.clientConfig.service, {
            namespace: 'guard',
            name: 'portguard',
            path: '/validate',
            port: 443,
          });
          const ca = new X509Certificate(Buffer.from(hook.clientConfig.caBundle, 'base64'));
          const secret = byKind(objects, 'Secret');
          const cert = new X509Certificate(Buffer.from(secret.data['tls.crt'], 'base64'));
          assert.ok(cert.verify(ca.publicKey), 'the serving certificate is signed by the caBundle');
          assert.ok(cert.checkHost('portguard.guard.svc'), cert.subjectAltName);
          assert.ok(ca.ca);
          assert.equal(cert.ca, false);
          const args: string[] = byKind(objects, 'Deployment').spec.template.spec.containers[0]
            .args;
          assert.deepEqual(args.slice(args.indexOf('--mode'), args.indexOf('--mode') + 2), [
            '--mode',
            mode,
          ]);
          assert.ok(args.includes('--webhook-addr'));
          assert.deepEqual(
            hook.rules.map(
              (r: any) =>
                `${r.apiGroups[0] || 'core'}/${r.apiVersions[0]}: ${r.resources.join(',')}`,
            ),
            [
              'core/v1: pods,services,replicationcontrollers,podtemplates',
              'apps/v1: deployments,replicasets,statefulsets,daemonsets',
              'batch/v1: jobs,cronjobs',
              'argoproj.io/v1alpha1: rollouts',
            ],
          );
          const template = byKind(objects, 'Deployment').spec.template.metadata;
          assert.match(template.annotations['portguard.dev/tls-sha256'], /^[0-9a-f]{64}$/);
          // its own namespace is never sent to it: a down serve can always be redeployed
          assert.deepEqual(hook.namespaceSelector.matchExpressions, [
            { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['guard'] },
          ]);
        });
    });
  }

  it('the schema check itself refuses a broken object (it can fail)', () => {
    const objects = objectsOf(printed('warn', true));
    const d = structuredClone(byKind(objects, 'Deployment'));
    d.spec.replicas = 'two';
    assert.throws(() => new Deployment(d).validate());
    const vwc = structuredClone(byKind(objects, 'ValidatingWebhookConfiguration'));
    vwc.webhooks[0].timeoutSeconds = 'soon';
    assert.throws(() => new ValidatingWebhookConfiguration(vwc).validate());
  });

  it('the restricted check refuses a pod that runs as root', () => {
    assert.deepEqual(
      restrictedViolations({
        containers: [
          {
            name: 'x',
            securityContext: {
              allowPrivilegeEscalation: false,
              runAsNonRoot: true,
              capabilities: { drop: ['ALL'] },
            },
          },
        ],
        securityContext: { runAsUser: 0 },
      }),
      ['x: runAsUser=0', 'x: seccompProfile'],
    );
  });

  it('the printed stream has no YAML aliases (kubectl and people read it)', () => {
    assert.equal(/[&*]a\d/.test(printed('deny', true)), false);
  });
});
